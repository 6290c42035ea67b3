/// A 64-bit hash of bytes, eight at a time (FNV-1a byte by byte waits on a multiplication per byte).
/// For equality tests within one run only (repeated lines, whole-phrase lookups): each step is a
/// bijection of the state for a given word and the length is mixed in, so distinct texts collide with
/// odds near 2^-64; the values are not stable across versions and are never stored.
public enum ByteHash {
    @inlinable
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(truncatingIfNeeded: count)
        guard let p = bytes.baseAddress else { return h }
        var i = 0
        while i + 8 <= count {
            h = (h ^ UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* k
            h ^= h >> 29
            i += 8
        }
        if i < count {
            // The last 1 to 7 bytes as a little-endian word. From whole-word loads that end at the text's
            // end, shifted so that only these bytes remain (the same word as loading them byte by byte):
            // a loop of single bytes cost more than the rest of the hash for most lines.
            let rest = count - i
            var tail: UInt64 = 0
            if count >= 8 {
                tail = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) >> UInt64(8 * (8 - rest))
            } else if count >= 4 {
                let low = UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
                let high = UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)))
                tail = low | (high >> UInt64(8 * (8 - count))) << 32
            } else {
                var shift: UInt64 = 0
                while i < count { tail |= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << shift; shift += 8; i += 1 }
            }
            h = (h ^ tail) &* k
            h ^= h >> 29
        }
        h = (h ^ (h >> 32)) &* 0xD6E8_FEB8_6659_FD93
        return h ^ (h >> 32)
    }
}
