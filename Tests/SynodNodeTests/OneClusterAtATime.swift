import Testing

/// A suite trait for the suites that start `synod node` processes: in this test process at most one
/// of their tests runs at a time, whichever suite it belongs to (`.serialized` orders the tests of
/// one suite only). Two 4-process clusters at once would put 8 debug nodes on the CI machine's 2
/// cores against the tests' deadlines.
struct OneClusterAtATime: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    /// Scopes each test case (a test function runs as one or more cases), never a whole suite.
    func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? { testCase == nil ? nil : self }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        await ClusterGate.shared.enter()
        do {
            try await function()
        } catch {
            await ClusterGate.shared.leave()
            throw error
        }
        await ClusterGate.shared.leave()
    }
}

extension Trait where Self == OneClusterAtATime {
    /// Runs each test alone among the tests of every suite marked `.oneClusterAtATime`.
    static var oneClusterAtATime: Self { OneClusterAtATime() }
}

/// A first-come, first-served gate with one slot.
actor ClusterGate {
    static let shared = ClusterGate()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Waits until the slot is free and takes it.
    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Frees the slot, or hands it to the next waiting test.
    func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
