import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Caps the connections the server holds open at once. A connection past the cap is closed as
/// soon as it is accepted, before any request is read, so a flood of idle or slow connections
/// cannot take the memory and file descriptors the server needs for the requests it is serving
/// (the idle and body timeouts end slow ones; this bounds how many there can be meanwhile).
///
/// Hummingbird has no such setting; a channel handler counting the connections it is added to is
/// the whole of it.
final class ConnectionLimiter: Sendable {
  let limit: Int
  private let open = NIOLockedValueBox(0)
  /// Connections refused since the server started.
  let refused = NIOLockedValueBox(0)

  init(limit: Int) { self.limit = limit }

  /// Connections open now.
  var count: Int { open.withLockedValue { $0 } }

  /// Counts a connection in; false when the cap is reached (the caller closes it).
  func admit() -> Bool {
    let admitted = open.withLockedValue { n -> Bool in
      guard n < limit else { return false }
      n += 1
      return true
    }
    if !admitted { refused.withLockedValue { $0 += 1 } }
    return admitted
  }

  func release() { open.withLockedValue { $0 -= 1 } }

  /// The handler put in each connection's pipeline.
  func handler() -> Handler { Handler(self) }

  final class Handler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny
    private let limiter: ConnectionLimiter
    private let admitted = NIOLockedValueBox<Bool?>(nil)

    init(_ limiter: ConnectionLimiter) { self.limiter = limiter }

    func handlerAdded(context: ChannelHandlerContext) {
      let ok = limiter.admit()
      admitted.withLockedValue { $0 = ok }
      if !ok { context.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
      let wasAdmitted = admitted.withLockedValue { value -> Bool in
        defer { value = false }
        return value == true
      }
      if wasAdmitted { limiter.release() }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
      context.fireChannelRead(data)
    }
  }
}
