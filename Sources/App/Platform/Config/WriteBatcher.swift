/// Writes that arrive together are written together: while one batch is being written, the next gathers, and each
/// caller gets its own outcome. Under a burst most of a small write's time is the trip between threads for each
/// statement, so a batch of many rows costs little more than one row; alone, a write waits for nothing.
actor WriteBatcher<Item: Sendable, Output: Sendable> {
    typealias Write = @Sendable ([Item]) async -> [Result<Output, any Error>]

    private let largestBatch: Int
    private let writers: Int
    private let write: Write
    private var pending: [(item: Item, reply: CheckedContinuation<Output, any Error>)] = []
    private var writing = 0

    /// `write` returns one outcome per item, in order; `writers` batches may be written at once
    /// (`WriteQueue.batchWriters`).
    init(largestBatch: Int = 256, writers: Int = 1, _ write: @escaping Write) {
        self.largestBatch = largestBatch
        self.writers = max(1, writers)
        self.write = write
    }

    func submit(_ item: Item) async throws -> Output {
        try await withCheckedThrowingContinuation { reply in
            pending.append((item, reply))
            if writing < writers {
                writing += 1
                // Above the requests' priority: every caller waits for the batch, so a statement's result should not
                // queue behind their parsing and rendering for a thread.
                Task(priority: .high) { await drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(largestBatch))
            pending.removeFirst(batch.count)
            let outcomes = await write(batch.map(\.item))
            for (waiting, outcome) in zip(batch, outcomes) { waiting.reply.resume(with: outcome) }
        }
        writing -= 1
    }
}
