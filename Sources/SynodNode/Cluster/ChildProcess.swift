#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A child process started with `posix_spawn`, with exactly the descriptors it is given.
///
/// Foundation's `Process` closes every descriptor above 2 in the child on Linux, so it cannot pass
/// a listening socket. This type maps standard input to `/dev/null`, standard output and error to
/// one descriptor, and each entry of `descriptors` (child number → parent descriptor) to its
/// number; every other descriptor is closed in the child (`posix_spawn_file_actions_addclosefrom_np`
/// with glibc, `POSIX_SPAWN_CLOEXEC_DEFAULT` on Darwin). Signal dispositions and the signal mask are
/// reset to their defaults.
///
/// Not `Sendable`: one owner polls and signals it.
public final class ChildProcess {
    /// How a child ended.
    public enum Termination: Hashable, Sendable, CustomStringConvertible {
        /// It called `exit` with this status.
        case exited(Int32)
        /// A signal ended it.
        case signalled(Int32)
        /// Its status was collected elsewhere in this process (a `waitpid` not of this type).
        case unknown

        /// `exit N`, `signal N` or `unknown`.
        public var description: String {
            switch self {
            case .exited(let status): "exit \(status)"
            case .signalled(let signal): "signal \(signal)"
            case .unknown: "unknown"
            }
        }
    }

    /// The child's process ID.
    public let pid: pid_t
    private var ended: Termination?

    /// Starts `executable` with `arguments` (without argv[0]) and exactly `environment`; standard
    /// output and error go to `output` (a descriptor of this process), and child descriptor `k`
    /// is this process's `descriptors[k]` (each k ≥ 3). Throws ``NodeError/Code/io`` when the
    /// spawn fails, ``NodeError/Code/invalidArgument`` for a child number below 3.
    public init(
        executable: String, arguments: [String], environment: [String: String], output: Int32,
        descriptors: [Int32: Int32] = [:]
    ) throws(NodeError) {
        guard descriptors.keys.allSatisfy({ $0 >= 3 }) else {
            throw NodeError(.invalidArgument, "child descriptors must be ≥ 3, got \(descriptors.keys.sorted())")
        }
        let highest = descriptors.keys.max() ?? 2
        // Copies at numbers above every target: a source that already has its target number would
        // be a no-op dup2 that keeps its close-on-exec flag, and a source that is another entry's
        // target would be overwritten before it is copied.
        var copies: [Int32: Int32] = [:]
        defer { for copy in copies.values { close(copy) } }
        for (target, source) in descriptors.sorted(by: { $0.key < $1.key }) {
            let copy = fcntl(source, F_DUPFD_CLOEXEC, highest + 1)
            guard copy >= 0 else {
                throw NodeError(.io, "cannot start \(executable): descriptor \(source): \(SocketAddresses.lastError())")
            }
            copies[target] = copy
        }
        let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard null >= 0 else { throw NodeError(.io, "cannot open /dev/null: \(SocketAddresses.lastError())") }
        defer { close(null) }
        let outputCopy = fcntl(output, F_DUPFD_CLOEXEC, highest + 1)
        guard outputCopy >= 0 else {
            throw NodeError(.io, "cannot start \(executable): descriptor \(output): \(SocketAddresses.lastError())")
        }
        defer { close(outputCopy) }

        #if canImport(Glibc)
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #else
            var actions: posix_spawn_file_actions_t?
            var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawn_file_actions_adddup2(&actions, null, 0)
        posix_spawn_file_actions_adddup2(&actions, outputCopy, 1)
        posix_spawn_file_actions_adddup2(&actions, outputCopy, 2)
        for (target, copy) in copies.sorted(by: { $0.key < $1.key }) {
            posix_spawn_file_actions_adddup2(&actions, copy, target)
        }
        var flags = Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if canImport(Glibc)
            Self.closeAll(from: highest + 1, in: &actions)
        #else
            flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.sorted(by: { $0.key < $1.key }).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var child = pid_t()
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw NodeError(.io, "cannot start \(executable): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    #if canImport(Glibc)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

        /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module
        /// does not declare; `nil` with an older C library.
        static let closeFrom: CloseFrom? = dlsym(
            UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np"
        ).map { unsafeBitCast($0, to: CloseFrom.self) }

        /// Adds actions closing every descriptor ≥ `first` in the child: one `closefrom` action,
        /// or (an older C library) one close per descriptor this process has open now.
        static func closeAll(from first: Int32, in actions: inout posix_spawn_file_actions_t) {
            if let closeFrom, closeFrom(&actions, first) == 0 { return }
            var open: [Int32] = []
            if let directory = opendir("/proc/self/fd") {
                while let entry = readdir(directory) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) {
                        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                    }
                    if let descriptor = Int32(name), descriptor >= first { open.append(descriptor) }
                }
                closedir(directory)
            }
            for descriptor in open { posix_spawn_file_actions_addclose(&actions, descriptor) }
        }
    #endif

    /// How the child ended, `nil` while it runs (collects its status without blocking).
    public var termination: Termination? {
        if let ended { return ended }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid {
            // The <sys/wait.h> encoding: low 7 bits the terminating signal (0: a normal exit with
            // the status in bits 8–15).
            let signal = status & 0x7F
            ended = signal == 0 ? .exited((status >> 8) & 0xFF) : .signalled(signal)
        } else if result < 0, errno == ECHILD {
            ended = .unknown
        }
        return ended
    }

    /// Whether the child has not ended yet.
    public var isRunning: Bool { termination == nil }

    /// Sends `signal` to the child if it is still running.
    public func signal(_ signal: Int32) {
        guard isRunning else { return }
        kill(pid, signal)
    }

    /// Waits until the child ends, polling every 10 ms, at most `timeout` (forever when `nil`);
    /// how it ended, `nil` if it still runs.
    public func wait(timeout: Duration? = nil) async -> Termination? {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            if let termination { return termination }
            if let deadline, ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Kills a child that still runs and collects its status, so no zombie is left.
    deinit {
        guard ended == nil else { return }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
        }
    }
}
