#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The natural logarithm from the platform's C library (kept in one place so the dependency of
/// reproducible streams on libm is explicit).
@inline(__always)
func _log(_ x: Double) -> Double { log(x) }
