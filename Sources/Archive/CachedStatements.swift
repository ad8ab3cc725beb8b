import GRDB

extension Database {
    /// Runs one SQL statement prepared once per connection: a batch of a thousand records
    /// runs the same dozen statements thousands of times, and parsing them each time
    /// cost a quarter of an import.
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}
