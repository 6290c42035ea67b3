import Foundation

/// A first-in first-out queue with a capacity: `push` waits while it is full, so a fast producer (the
/// directory walk) never runs far ahead of the workers. `close` lets consumers drain it and stop.
final class BoundedQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private var head = 0
    private let capacity: Int
    private var closed = false

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// False when the queue was closed (the element is dropped).
    @discardableResult
    func push(_ element: Element) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while items.count - head >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        items.append(element)
        condition.broadcast()
        return true
    }

    /// The next element; nil once the queue is closed and empty. With a deadline, also nil when it passes.
    func pop(until deadline: Date? = nil) -> Element? {
        condition.lock(); defer { condition.unlock() }
        while head == items.count && !closed {
            if let deadline { if !condition.wait(until: deadline) { return nil } } else { condition.wait() }
        }
        guard head < items.count else { return nil }
        let element = items[head]
        head += 1
        if head > 1024 && head * 2 > items.count { items.removeFirst(head); head = 0 }
        condition.broadcast()
        return element
    }

    var isFinished: Bool {
        condition.lock(); defer { condition.unlock() }
        return closed && head == items.count
    }

    func close() {
        condition.lock(); defer { condition.unlock() }
        closed = true
        condition.broadcast()
    }
}

/// A value handed from one thread to another that uses it alone from then on (a `Cleaner` is not
/// thread-safe, but each worker owns its clone exclusively).
final class Handoff<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A lock-protected value.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock(); defer { lock.unlock() }
        return try body(&value)
    }
}

/// Temporary output files in flight. A second Ctrl-C removes them all before exiting. Creating and
/// renaming hold a shared lock (workers do not wait for each other: a rename can take long on a busy
/// file system), the final clean-up holds it exclusively, so no file is created or renamed meanwhile.
final class TemporaryFiles: @unchecked Sendable {
    private let gate: UnsafeMutablePointer<pthread_rwlock_t>
    private let lock = NSLock()
    private var paths: Set<String> = []
    private var counter = 0

    init() {
        gate = .allocate(capacity: 1)
        pthread_rwlock_init(gate, nil)
    }

    private func register(_ path: String?, remove: String? = nil) {
        lock.lock(); defer { lock.unlock() }
        if let path { paths.insert(path) }
        if let remove { paths.remove(remove) }
    }

    private func nextNumber() -> Int {
        lock.lock(); defer { lock.unlock() }
        counter += 1
        return counter
    }

    /// Creates an empty temporary file beside `target` and returns its descriptor and path.
    func create(beside target: String) throws -> (fd: Int32, path: String) {
        let directory = (target as NSString).deletingLastPathComponent
        let base = (target as NSString).lastPathComponent
        let path = (directory as NSString).appendingPathComponent(".\(base).boilerclean-\(getpid())-\(nextNumber()).tmp")
        pthread_rwlock_rdlock(gate); defer { pthread_rwlock_unlock(gate) }
        register(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 {
            let message = String(cString: strerror(errno))
            register(nil, remove: path)
            throw CLIError(message: "\(path): \(message)", status: .output)
        }
        return (fd, path)
    }

    /// Renames the finished temporary file over the target.
    func commit(_ path: String, to target: String) throws {
        pthread_rwlock_rdlock(gate); defer { pthread_rwlock_unlock(gate) }
        defer { register(nil, remove: path) }
        if rename(path, target) != 0 {
            let message = String(cString: strerror(errno))
            unlink(path)
            throw CLIError(message: "\(target): \(message)", status: .output)
        }
    }

    func abandon(_ path: String) {
        pthread_rwlock_rdlock(gate); defer { pthread_rwlock_unlock(gate) }
        unlink(path)
        register(nil, remove: path)
    }

    /// Removes every temporary file and ends the process, holding the gate so none is created or
    /// renamed meanwhile.
    func removeAllAndExit(status: Int32) -> Never {
        pthread_rwlock_wrlock(gate)
        lock.lock()
        for path in paths { unlink(path) }
        _exit(status)
    }
}

/// Writes all bytes to a descriptor.
func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
        if n < 0 { if errno == EINTR { continue }; return false }
        offset += n
    }
    return true
}
