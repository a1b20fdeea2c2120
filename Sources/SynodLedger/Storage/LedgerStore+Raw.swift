import Foundation
import GRDB

extension LedgerStore {
    /// A raw SQL argument (tamper and corruption tests only).
    enum RawValue {
        case blob([UInt8])
        case integer(Int64)
        case text(String)
        case null
    }

    /// Executes raw SQL, bypassing every check (tamper and corruption tests only).
    func executeRaw(_ sql: String, _ arguments: [RawValue] = []) throws(LedgerError) {
        let values: [DatabaseValue] = arguments.map { value in
            switch value {
            case .blob(let bytes): Data(bytes).databaseValue
            case .integer(let number): number.databaseValue
            case .text(let text): text.databaseValue
            case .null: .null
            }
        }
        try write { db in try db.execute(sql: sql, arguments: StatementArguments(values)) }
    }
}
