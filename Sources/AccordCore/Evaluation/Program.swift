/// A condition compiled to a flat postfix program of plain values, so evaluating it touches no
/// reference counts. The tree form (``Cond``) stays for explanations, `needs` and the checker.
enum Op: Sendable {
  case constant(Tri)
  case scalar(lane: UInt8, mask: UInt32)
  case agreement(bit: UInt8, negated: Bool)
  case registry(Int32)
  case not
  case and(UInt16)
  case or(UInt16)
  /// `item` indexes ``Programs/items``; -1 when the quantifier has no `where`.
  case quantifier(Quantifier, list: UInt8, item: Int32)
}

/// The item-level counterpart of ``Op``.
enum ItemOp: Sendable {
  case constant(Tri)
  case grade(UInt32)
  case category(Int32)
  case window(older: Bool, DurationRef)
  case dated(before: Bool, Int32)
  case offense(Int32)
  case probableCause
  case not
  case and(UInt16)
  case or(UInt16)
}

/// Every compiled program of a library, and the strings they refer to by index.
struct Programs: Sendable {
  var rules: [[Op]] = []
  var items: [[ItemOp]] = []
  var strings: [String] = []

  mutating func intern(_ s: String) -> Int32 {
    if let i = strings.firstIndex(of: s) { return Int32(i) }
    strings.append(s)
    return Int32(strings.count - 1)
  }

  mutating func compile(_ c: Cond, into out: inout [Op]) {
    switch c {
    case .constant(let t): out.append(.constant(t))
    case .scalarIn(let lane, let mask): out.append(.scalar(lane: UInt8(lane), mask: mask))
    case .agreementHas(let bit, let negated): out.append(.agreement(bit: UInt8(bit), negated: negated))
    case .registryHas(let name): out.append(.registry(intern(name)))
    case .not(let x):
      compile(x, into: &out)
      out.append(.not)
    case .and(let xs):
      for x in xs { compile(x, into: &out) }
      out.append(.and(UInt16(xs.count)))
    case .or(let xs):
      for x in xs { compile(x, into: &out) }
      out.append(.or(UInt16(xs.count)))
    case .quantifier(let q, let list, let item):
      var index: Int32 = -1
      if let item {
        var program: [ItemOp] = []
        compile(item, into: &program)
        items.append(program)
        index = Int32(items.count - 1)
      }
      out.append(.quantifier(q, list: UInt8(list), item: index))
    }
  }

  mutating func compile(_ c: ItemCond, into out: inout [ItemOp]) {
    switch c {
    case .constant(let b): out.append(.constant(b ? .yes : .no))
    case .gradeIn(let mask): out.append(.grade(mask))
    case .category(let id): out.append(.category(Int32(id)))
    case .window(let older, let d): out.append(.window(older: older, d))
    case .dated(let before, let d): out.append(.dated(before: before, d.days))
    case .offenseIs(let s): out.append(.offense(intern(s)))
    case .probableCause: out.append(.probableCause)
    case .not(let x):
      compile(x, into: &out)
      out.append(.not)
    case .and(let xs):
      for x in xs { compile(x, into: &out) }
      out.append(.and(UInt16(xs.count)))
    case .or(let xs):
      for x in xs { compile(x, into: &out) }
      out.append(.or(UInt16(xs.count)))
    }
  }
}

/// Replaces the top `n` values of a program's stack with their conjunction or disjunction.
@inline(__always)
func reduce(_ stack: UnsafeMutableBufferPointer<Tri>, _ top: inout Int, _ n: Int, conjunction: Bool) {
  var r: Tri = conjunction ? .yes : .no
  for i in (top - n)..<top { r = conjunction ? Tri.and(r, stack[i]) : Tri.or(r, stack[i]) }
  top -= n
  stack[top] = r
  top += 1
}

extension CompiledLibrary {
  /// Runs a rule's program on a case.
  func run(_ program: [Op], _ k: PreparedCase) -> Tri {
    program.withUnsafeBufferPointer { ops in
      withUnsafeTemporaryAllocation(of: Tri.self, capacity: ops.count + 1) { stack in
        var top = 0
        for op in ops {
          switch op {
          case .constant(let t):
            stack[top] = t
            top += 1
          case .scalar(let lane, let mask):
            let v = k.scalars[Int(lane)]
            stack[top] = v < 0 ? .unknown : (mask & (1 << UInt32(v)) != 0 ? .yes : .no)
            top += 1
          case .agreement(let bit, let negated):
            stack[top] = ((k.agreements & (1 << bit) != 0) != negated) ? .yes : .no
            top += 1
          case .registry(let i):
            if let r = k.registries {
              stack[top] = r.contains(programs.strings[Int(i)]) ? .yes : .no
            } else {
              stack[top] = .unknown
            }
            top += 1
          case .not:
            stack[top - 1] = stack[top - 1].negated
          case .and(let n): reduce(stack, &top, Int(n), conjunction: true)
          case .or(let n): reduce(stack, &top, Int(n), conjunction: false)
          case .quantifier(let q, let list, let item):
            stack[top] = quantify(q, list == 0 ? k.charges : k.convictions, item, k.date)
            top += 1
          }
        }
        return top > 0 ? stack[top - 1] : .yes
      }
    }
  }

  func quantify(_ q: Quantifier, _ items: [PreparedItem]?, _ item: Int32, _ date: CivilDate) -> Tri {
    guard let items else { return .unknown }
    var any = Tri.no
    var every = Tri.yes
    for it in items {
      let v = item < 0 ? Tri.yes : runItem(programs.items[Int(item)], it, date)
      any = Tri.or(any, v)
      every = Tri.and(every, v)
    }
    return q.combine(any: any, every: every)
  }

  func runItem(_ program: [ItemOp], _ it: PreparedItem, _ date: CivilDate) -> Tri {
    program.withUnsafeBufferPointer { ops in
      withUnsafeTemporaryAllocation(of: Tri.self, capacity: ops.count + 1) { stack in
        var top = 0
        for op in ops {
          switch op {
          case .constant(let t):
            stack[top] = t
            top += 1
          case .grade(let mask):
            stack[top] = it.grade < 0 ? .unknown : (mask & (1 << UInt32(it.grade)) != 0 ? .yes : .no)
            top += 1
          case .category(let id):
            stack[top] = it.yes.contains(Int(id)) ? .yes : (it.unknown.contains(Int(id)) ? .unknown : .no)
            top += 1
          case .window(let older, let d):
            if let itemDate = it.date, let t = threshold(d, date) {
              stack[top] = (older ? itemDate < t : itemDate >= t) ? .yes : .no
            } else {
              stack[top] = .unknown
            }
            top += 1
          case .dated(let before, let d):
            if let itemDate = it.date {
              stack[top] = (before ? itemDate.days < d : itemDate.days > d) ? .yes : .no
            } else {
              stack[top] = .unknown
            }
            top += 1
          case .offense(let i):
            if let o = it.offense {
              stack[top] = o == programs.strings[Int(i)] ? .yes : .no
            } else {
              stack[top] = .unknown
            }
            top += 1
          case .probableCause:
            stack[top] = it.probableCause < 0 ? .unknown : (it.probableCause == 1 ? .yes : .no)
            top += 1
          case .not:
            stack[top - 1] = stack[top - 1].negated
          case .and(let n): reduce(stack, &top, Int(n), conjunction: true)
          case .or(let n): reduce(stack, &top, Int(n), conjunction: false)
          }
        }
        return top > 0 ? stack[top - 1] : .yes
      }
    }
  }
}
