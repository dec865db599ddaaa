import Foundation
import PackagePlugin

/// Embeds every file of the package's `law/` folder into the `AccordLaw` target as Swift source,
/// so the bundled library works from any working directory and from an installed binary.
@main
struct EmbedLaw: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
    let lawDirectory = context.package.directoryURL.appending(path: "law")
    let output = context.pluginWorkDirectoryURL.appending(path: "BundledLawFiles.swift")
    var inputs: [URL] = []
    if let walker = FileManager.default.enumerator(at: lawDirectory, includingPropertiesForKeys: nil) {
      for case let url as URL in walker where url.pathExtension == "md" {
        inputs.append(url)
      }
    }
    return [
      .buildCommand(
        displayName: "Embedding the law library (\(inputs.count) files)",
        executable: try context.tool(named: "EmbedLawTool").url,
        arguments: [lawDirectory.path, output.path],
        inputFiles: inputs.sorted { $0.path < $1.path },
        outputFiles: [output]
      )
    ]
  }
}
