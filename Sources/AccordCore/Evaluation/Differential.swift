/// The compiled decision path (flat programs over prepared cases) checked against the tree
/// evaluator (the conditions as the checker built them), rule by rule and level by level.
extension CompiledLibrary {
  /// A level evaluated with the tree evaluator only: the same exception semantics as
  /// ``evaluateTree(_:_:)``, with each condition read by ``evaluate(_:_:)-(Cond,PreparedCase)``.
  func referenceTree(_ r: Int, _ k: PreparedCase) -> Outcomes {
    let rule = rules[r]
    var exceptions = Outcomes.none
    for e in rule.exceptions where rules[e].inForce(on: k.date) {
      let sub = referenceTree(e, k)
      if sub == .none { continue }
      exceptions = Outcomes.equalRank(exceptions, sub)
    }
    if !exceptions.hasNone { return exceptions }
    let outcome = Outcomes.ofRule(rule.status)
    let own: Outcomes
    switch evaluate(rule.condition, k) {
    case .yes: own = outcome
    case .no: own = .none
    case .unknown: own = outcome | .none
    }
    return Outcomes(bits: exceptions.bits & ~1) | own
  }

  func referenceLevel(_ roots: [Int], _ k: PreparedCase) -> Outcomes {
    var result = Outcomes.none
    for r in roots where rules[r].inForce(on: k.date) {
      let sub = referenceTree(r, k)
      if sub == .none { continue }
      result = Outcomes.equalRank(result, sub)
    }
    return result
  }
}

extension Engine {
  /// Where the compiled path and the tree evaluator disagree on a case: each rule in force at a
  /// level of the case's chain, and each level's outcome per action. Empty when they agree.
  public func differentialCheck(_ c: Case) -> [String] {
    let k = library.prepare(c)
    let resolved = chains[c.place] ?? Engine.resolve(c.place, library)
    var out: [String] = []
    for (i, place) in resolved.places.enumerated() {
      for action in Action.allCases {
        let roots = resolved.roots[i][action.index]
        var stack = roots
        while let r = stack.popLast() {
          stack += library.rules[r].exceptions
          guard library.rules[r].inForce(on: c.date) else { continue }
          let compiled = library.run(library.hot[r].program, k)
          let tree = library.evaluate(library.rules[r].condition, k)
          if compiled != tree {
            out.append("\(place) \(library.rules[r].label): compiled \(compiled), tree \(tree)")
          }
        }
        let fast = library.evaluateLevel(roots, k).outcomes
        let reference = library.referenceLevel(roots, k)
        if fast != reference {
          out.append("\(place) \(action.rawValue): compiled level \(fast.bits), tree level \(reference.bits)")
        }
      }
    }
    return out
  }
}
