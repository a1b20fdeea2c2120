import Foundation

/// Plain text for a file-system error from Foundation: the POSIX reason (`strerror`) when the
/// error carries one, otherwise a short phrase for the common Cocoa file codes, never the raw
/// `Error Domain=NSCocoaErrorDomain …` form.
enum SystemErrorText {
    /// The reason of `error`, e.g. `Not a directory`, `Permission denied`.
    static func describe(_ error: any Error) -> String {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return posix(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return posix(underlying.code)
        }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
            case .fileReadNoPermission, .fileWriteNoPermission: return "Permission denied"
            case .fileWriteFileExists: return "A file is in the way"
            case .fileWriteOutOfSpace: return "No space left on device"
            case .fileWriteVolumeReadOnly: return "Read-only file system"
            case .fileReadCorruptFile: return "The file is corrupt"
            case .fileReadTooLarge: return "The file is too large"
            default: return "file system error \(ns.code)"
            }
        }
        return "\(error)"
    }

    private static func posix(_ code: Int) -> String {
        String(cString: strerror(Int32(truncatingIfNeeded: code)))
    }
}
