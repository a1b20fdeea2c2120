import PropertyBased
import SynodCore

/// Test-only types exercising every kind the canonical encoding supports.

/// Float equality by bit pattern (NaN payloads, −0 and +0 are distinct).
func sameBits(_ a: Float, _ b: Float) -> Bool { a.bitPattern == b.bitPattern }
/// Double equality by bit pattern.
func sameBits(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern }
func sameBits(_ a: [Float], _ b: [Float]) -> Bool { a.map(\.bitPattern) == b.map(\.bitPattern) }
func sameBits(_ a: [Double], _ b: [Double]) -> Bool { a.map(\.bitPattern) == b.map(\.bitPattern) }

/// A small nested struct: `id ‖ name ‖ weights (array of Double via the element closure API)`.
struct Inner: CanonicalCodable, Equatable, Sendable {
    var id: UInt64
    var name: String
    var weights: [Double]

    func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(id)
        encoder.encode(name)
        encoder.encode(weights) { encoder, value in encoder.encode(value) }
    }

    init(id: UInt64, name: String, weights: [Double]) {
        self.id = id
        self.name = name
        self.weights = weights
    }

    init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        id = try decoder.decodeUInt64(field + ".id")
        name = try decoder.decodeString(field + ".name")
        weights = try decoder.decodeArray(field + ".weights", minimumElementSize: 8) {
            (decoder: inout CanonicalDecoder, name: String) throws(CanonicalDecodingError) in
            try decoder.decodeDouble(name)
        }
    }

    static func == (lhs: Inner, rhs: Inner) -> Bool {
        lhs.id == rhs.id && Array(lhs.name.utf8) == Array(rhs.name.utf8) && sameBits(lhs.weights, rhs.weights)
    }
}

/// An enum with tagged payloads (tags 0...3; anything else is unknown).
enum Shape: CanonicalCodable, Equatable, Sendable {
    case point
    case circle(radius: Double)
    case polygon([Inner])
    case labelled(String, Int32?)

    func encode(to encoder: inout CanonicalEncoder) {
        switch self {
        case .point:
            encoder.encode(UInt8(0))
        case .circle(let radius):
            encoder.encode(UInt8(1))
            encoder.encode(radius)
        case .polygon(let vertices):
            encoder.encode(UInt8(2))
            encoder.encode(vertices)
        case .labelled(let label, let value):
            encoder.encode(UInt8(3))
            encoder.encode(label)
            encoder.encode(optional: value.map(Int32Box.init))
        }
    }

    init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        switch try decoder.decodeTag(field, known: 0...3) {
        case 0: self = .point
        case 1: self = .circle(radius: try decoder.decodeDouble(field + ".radius"))
        case 2: self = .polygon(try decoder.decodeArray(Inner.self, field + ".vertices", minimumElementSize: 16))
        default:
            let label = try decoder.decodeString(field + ".label")
            self = .labelled(label, try decoder.decodeOptional(Int32Box.self, field + ".value")?.value)
        }
    }

    static func == (lhs: Shape, rhs: Shape) -> Bool {
        switch (lhs, rhs) {
        case (.point, .point): return true
        case (.circle(let a), .circle(let b)): return sameBits(a, b)
        case (.polygon(let a), .polygon(let b)): return a == b
        case (.labelled(let a, let x), .labelled(let b, let y)): return Array(a.utf8) == Array(b.utf8) && x == y
        default: return false
        }
    }
}

/// An `Int32` as a nested value (for optionals).
struct Int32Box: CanonicalCodable, Equatable, Sendable {
    var value: Int32
    func encode(to encoder: inout CanonicalEncoder) { encoder.encode(value) }
    init(_ value: Int32) { self.value = value }
    init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        value = try decoder.decodeInt32(field)
    }
}

/// One field of every supported kind, in a fixed layout.
struct Sample: CanonicalCodable, Equatable, Sendable {
    var u8: UInt8
    var u16: UInt16
    var u32: UInt32
    var u64: UInt64
    var i8: Int8
    var i16: Int16
    var i32: Int32
    var i64: Int64
    var flag: Bool
    var float: Float
    var double: Double
    var blob: [UInt8]
    var text: String
    var floats: [Float]
    var digest: Digest
    var inner: Inner?
    var inners: [Inner]
    var shape: Shape

    func encode(to encoder: inout CanonicalEncoder) {
        encoder.encode(u8)
        encoder.encode(u16)
        encoder.encode(u32)
        encoder.encode(u64)
        encoder.encode(i8)
        encoder.encode(i16)
        encoder.encode(i32)
        encoder.encode(i64)
        encoder.encode(flag)
        encoder.encode(float)
        encoder.encode(double)
        encoder.encode(bytes: blob)
        encoder.encode(text)
        encoder.encode(floats: floats)
        encoder.encode(digest)
        encoder.encode(optional: inner)
        encoder.encode(inners)
        encoder.encode(shape)
    }

    init(
        u8: UInt8, u16: UInt16, u32: UInt32, u64: UInt64, i8: Int8, i16: Int16, i32: Int32, i64: Int64, flag: Bool,
        float: Float, double: Double, blob: [UInt8], text: String, floats: [Float], digest: Digest, inner: Inner?,
        inners: [Inner], shape: Shape
    ) {
        (self.u8, self.u16, self.u32, self.u64) = (u8, u16, u32, u64)
        (self.i8, self.i16, self.i32, self.i64) = (i8, i16, i32, i64)
        (self.flag, self.float, self.double) = (flag, float, double)
        (self.blob, self.text, self.floats, self.digest) = (blob, text, floats, digest)
        (self.inner, self.inners, self.shape) = (inner, inners, shape)
    }

    init(from decoder: inout CanonicalDecoder, field: String) throws(CanonicalDecodingError) {
        u8 = try decoder.decodeUInt8(field + ".u8")
        u16 = try decoder.decodeUInt16(field + ".u16")
        u32 = try decoder.decodeUInt32(field + ".u32")
        u64 = try decoder.decodeUInt64(field + ".u64")
        i8 = try decoder.decodeInt8(field + ".i8")
        i16 = try decoder.decodeInt16(field + ".i16")
        i32 = try decoder.decodeInt32(field + ".i32")
        i64 = try decoder.decodeInt64(field + ".i64")
        flag = try decoder.decodeBool(field + ".flag")
        float = try decoder.decodeFloat(field + ".float")
        double = try decoder.decodeDouble(field + ".double")
        blob = try decoder.decodeBytes(field + ".blob", maxCount: 1 << 20)
        text = try decoder.decodeString(field + ".text")
        floats = try decoder.decodeFloats(field + ".floats")
        digest = try decoder.decode(Digest.self, field + ".digest")
        inner = try decoder.decodeOptional(Inner.self, field + ".inner")
        inners = try decoder.decodeArray(Inner.self, field + ".inners", maxCount: 1000, minimumElementSize: 16)
        shape = try decoder.decode(Shape.self, field + ".shape")
    }

    static func == (lhs: Sample, rhs: Sample) -> Bool {
        lhs.u8 == rhs.u8 && lhs.u16 == rhs.u16 && lhs.u32 == rhs.u32 && lhs.u64 == rhs.u64 && lhs.i8 == rhs.i8
            && lhs.i16 == rhs.i16 && lhs.i32 == rhs.i32 && lhs.i64 == rhs.i64 && lhs.flag == rhs.flag
            && sameBits(lhs.float, rhs.float) && sameBits(lhs.double, rhs.double) && lhs.blob == rhs.blob
            && Array(lhs.text.utf8) == Array(rhs.text.utf8) && sameBits(lhs.floats, rhs.floats)
            && lhs.digest == rhs.digest && lhs.inner == rhs.inner && lhs.inners == rhs.inners && lhs.shape == rhs.shape
    }
}

// MARK: - Random values

/// Special IEEE-754 single-precision bit patterns: ±0, ±∞, quiet and signalling NaNs with
/// payloads, the smallest subnormal, the largest finite value.
let specialFloatBits: [UInt32] = [
    0x0000_0000, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0001, 0x7F80_0001, 0x7FBF_FFFF,
    0x0000_0001, 0x7F7F_FFFF,
]
/// Special IEEE-754 double-precision bit patterns (as for ``specialFloatBits``).
let specialDoubleBits: [UInt64] = [
    0, 0x8000_0000_0000_0000, 0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x7FF8_0000_0000_0000,
    0xFFF8_0000_0000_BEEF, 0x7FF0_0000_0000_0001, 0x7FF7_FFFF_FFFF_FFFF, 1, 0x7FEF_FFFF_FFFF_FFFF,
]

/// Draws random values for the samples from any generator.
struct SampleDraw<R: RandomNumberGenerator> {
    var rng: R

    mutating func int<T: FixedWidthInteger>(_: T.Type = T.self) -> T { T.random(in: T.min...T.max, using: &rng) }
    mutating func count(_ max: Int) -> Int { Int.random(in: 0...max, using: &rng) }
    mutating func float() -> Float {
        Bool.random(using: &rng)
            ? Float(bitPattern: specialFloatBits.randomElement(using: &rng)!) : Float(bitPattern: int(UInt32.self))
    }
    mutating func double() -> Double {
        Bool.random(using: &rng)
            ? Double(bitPattern: specialDoubleBits.randomElement(using: &rng)!) : Double(bitPattern: int(UInt64.self))
    }
    mutating func bytes(_ max: Int) -> [UInt8] { (0..<count(max)).map { _ in int(UInt8.self) } }
    /// A string of random Unicode scalars (ASCII, Latin, CJK, emoji, combining marks).
    mutating func string(_ max: Int) -> String {
        let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x7FF, 0x300...0x36F, 0x4E00...0x9FFF, 0x1F600...0x1F64F]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<count(max) {
            let range = ranges.randomElement(using: &rng)!
            scalars.append(Unicode.Scalar(UInt32.random(in: range, using: &rng))!)
        }
        return String(scalars)
    }
    mutating func inner() -> Inner {
        Inner(id: int(), name: string(6), weights: (0..<count(4)).map { _ in double() })
    }
    mutating func shape() -> Shape {
        switch Int.random(in: 0...3, using: &rng) {
        case 0: return .point
        case 1: return .circle(radius: double())
        case 2: return .polygon((0..<count(3)).map { _ in inner() })
        default: return .labelled(string(5), Bool.random(using: &rng) ? int(Int32.self) : nil)
        }
    }
    mutating func sample() -> Sample {
        Sample(
            u8: int(), u16: int(), u32: int(), u64: int(), i8: int(), i16: int(), i32: int(), i64: int(),
            flag: Bool.random(using: &rng), float: float(), double: double(), blob: bytes(40), text: string(12),
            floats: (0..<count(8)).map { _ in float() }, digest: Digest(bytes: bytes32())!,
            inner: Bool.random(using: &rng) ? inner() : nil, inners: (0..<count(3)).map { _ in inner() },
            shape: shape())
    }
    mutating func bytes32() -> [UInt8] { (0..<32).map { _ in int(UInt8.self) } }
}

/// Property-test generators built on ``SampleDraw``.
enum Samples {
    // Each value draws from a SeededRandom seeded by the property checker's generator, so a failing
    // case is reproduced by PropertyBased's `.fixedSeed`.
    static let sample = Generator<Sample, Shrink.None<Sample>>(run: { rng in
        var draw = SampleDraw(rng: SeededRandom(seed: rng.next()))
        return draw.sample()
    })
    static let shape = Generator<Shape, Shrink.None<Shape>>(run: { rng in
        var draw = SampleDraw(rng: SeededRandom(seed: rng.next()))
        return draw.shape()
    })
    static let floatBits = Gen<UInt32>.value().map { Float(bitPattern: $0) }
    static let doubleBits = Gen<UInt64>.value().map { Double(bitPattern: $0) }
}
