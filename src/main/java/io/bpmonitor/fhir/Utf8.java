package io.bpmonitor.fhir;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. HAPI's path decodes the bytes
 * with a Java {@code Reader}, which turns every malformed sequence into U+FFFD; Jackson's byte parser is laxer (it reads
 * an overlong {@code C0 AF} as {@code /}). On well-formed UTF-8 both decode alike, so the streaming reader only reads
 * bytes that pass here.
 */
final class Utf8 {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final long LOW_BITS = 0x0101_0101_0101_0101L;
    private static final long BACKSLASHES = LOW_BITS * '\\';

    private Utf8() {
    }

    static boolean isWellFormed(byte[] bytes) {
        int length = bytes.length;
        int i = 0;
        while (i < length) {
            // ASCII, eight bytes at a time: most of any Observation, all of the simulator's
            if (i + Long.BYTES <= length && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
                i += Long.BYTES;
                continue;
            }
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
            } else if (lead < 0xC2) { // a continuation byte, or the lead of an overlong two-byte form
                return false;
            } else if (lead < 0xE0) {
                if (!continuation(bytes, i + 1, 0x80, 0xBF)) {
                    return false;
                }
                i += 2;
            } else if (lead < 0xF0) {
                int low = lead == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                int high = lead == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
                if (!continuation(bytes, i + 1, low, high) || !continuation(bytes, i + 2, 0x80, 0xBF)) {
                    return false;
                }
                i += 3;
            } else if (lead < 0xF5) {
                int low = lead == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                int high = lead == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
                if (!continuation(bytes, i + 1, low, high) || !continuation(bytes, i + 2, 0x80, 0xBF)
                        || !continuation(bytes, i + 3, 0x80, 0xBF)) {
                    return false;
                }
                i += 4;
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the JSON text has an escape that can stand for a control character or a lone surrogate ({@code \\u},
     * {@code \\b}, {@code \\f}, {@code \\n}, {@code \\r}, {@code \\t}): raw control bytes are not JSON, and
     * well-formed UTF-8 has no surrogates, so without one no string holds either. {@code \\"}, {@code \\\\} and
     * {@code \\/} (every narrative's quoted attributes) do not count. Backslash-free runs go eight bytes at a time.
     */
    static boolean hasControlEscape(byte[] json) {
        int length = json.length;
        int i = 0;
        while (i < length) {
            if (i + Long.BYTES <= length) {
                long word = (long) LONGS.get(json, i) ^ BACKSLASHES;
                if (((word - LOW_BITS) & ~word & HIGH_BITS) == 0) { // no backslash in these eight
                    i += Long.BYTES;
                    continue;
                }
            }
            if (json[i] != '\\') {
                i++;
                continue;
            }
            if (i + 1 < length && "ubfnrt".indexOf(json[i + 1]) >= 0) {
                return true;
            }
            i += 2; // the escaped character is not the start of an escape
        }
        return false;
    }

    private static boolean continuation(byte[] bytes, int index, int low, int high) {
        if (index >= bytes.length) {
            return false;
        }
        int b = bytes[index] & 0xFF;
        return b >= low && b <= high;
    }
}
