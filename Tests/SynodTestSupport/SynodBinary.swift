/// The `synod` executable built next to the tests (see ``BuiltProducts``).
public enum SynodBinary {
    /// The path of the `synod` executable, or `nil` if it has not been built.
    public static var path: String? { BuiltProducts.path("synod") }

    /// Runs `synod` with `arguments` (optionally through `/bin/sh -c` with a `umask` first) and
    /// returns its status and output; throws ``BuiltProducts/NotBuilt`` if it has not been built.
    public static func run(_ arguments: [String], umask mask: String? = nil) throws -> ProcessOutput {
        try ProcessOutput.run(BuiltProducts.require("synod"), arguments, umask: mask)
    }
}
