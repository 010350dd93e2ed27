package org.nnj.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nnj.api.ConfigException;
import org.nnj.api.F32Mat;
import org.nnj.api.F64Mat;
import org.nnj.api.Mat;
import org.nnj.api.ModelFormatException;
import org.nnj.api.NamedTensor;
import org.nnj.api.Precision;

/**
 * The safetensors container shared by model files and checkpoints: an 8-byte little-endian header length
 * {@code N}, {@code N} bytes of UTF-8 JSON (padded with spaces to a multiple of 8), then the tensors' raw
 * little-endian bytes, contiguous from offset 0 in the order the header lists them.
 *
 * <p>The header maps each tensor name to {@code {"dtype": "F32"|"F64", "shape": [rows, cols],
 * "data_offsets": [begin, end]}} and {@code "__metadata__"} to a string-to-string map that holds
 * {@code "format"}, {@code "format_version"} and a {@code "checksum"}: the SHA-256, in lowercase hex, of
 * <pre>
 *   "nnj-checksum-1"
 *   u64(number of other metadata entries), then per entry in UTF-8 byte order of the keys: str(key) str(value)
 *   u64(number of tensors), then per tensor in UTF-8 byte order of the names:
 *       str(name) str(dtype) u64(rows) u64(cols) u64(begin) u64(end)
 *   u64(data length), the data bytes
 * </pre>
 * where {@code u64} is 8 bytes little-endian and {@code str(s)} is {@code u64(byte length)} and the UTF-8 bytes.
 * So a changed byte anywhere in the metadata values, the tensor entries or the data is detected.
 *
 * <p>Reading treats the file as hostile: the header length is checked against the file size and
 * {@link #MAX_HEADER_BYTES} before the header is read, and every tensor's dtype, shape, offsets and size
 * before any tensor array is allocated.
 */
final class Safetensors {
    static final long MAX_HEADER_BYTES = 100L << 20;
    static final String METADATA = "__metadata__";
    static final String FORMAT = "format";
    static final String VERSION = "format_version";
    static final String CHECKSUM = "checksum";
    static final String CURRENT_VERSION = "1";
    private static final int CHUNK = 1 << 16;
    private static final Set<String> TENSOR_FIELDS = Set.of("dtype", "shape", "data_offsets");

    /** The element types nnj reads and writes. */
    enum Dtype {
        F32(4), F64(8);

        final int bytes;

        Dtype(int bytes) {
            this.bytes = bytes;
        }

        static Dtype of(Precision p) {
            return p == Precision.FLOAT32 ? F32 : F64;
        }
    }

    /** One tensor entry of a header. */
    record Tensor(String name, Dtype dtype, int rows, int cols, long begin, long end) {
        String shape() {
            return dtype + " " + rows + " x " + cols;
        }
    }

    /**
     * A checked header.
     *
     * @param tensors   by name, in data order
     * @param dataStart file position of the data section
     * @param dataSize  length of the data section
     */
    record Header(Map<String, String> metadata, Map<String, Tensor> tensors, long dataStart, long dataSize) {
    }

    private Safetensors() {
    }

    // ------------------------------------------------------------------------------------------------ writing

    /**
     * Writes {@code metadata} (a checksum is added) and {@code tensors} in this order.
     */
    static void write(WritableByteChannel out, Map<String, String> metadata, List<NamedTensor> tensors)
            throws IOException {
        List<Tensor> entries = new ArrayList<>();
        long at = 0;
        for (NamedTensor t : tensors) {
            Mat m = t.value();
            Dtype d = Dtype.of(m.precision());
            long len = (long) m.size() * d.bytes;
            entries.add(new Tensor(t.name(), d, m.rows(), m.cols(), at, at + len));
            at += len;
        }
        long dataSize = at;
        MessageDigest md = sha256();
        digestHeader(md, metadata, entries, dataSize);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (NamedTensor t : tensors) {
            encode(t.value(), buf, b -> md.update(b));
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(CHECKSUM, HexFormat.of().formatHex(md.digest()));
        ObjectNode header = Json.NODES.objectNode();
        ObjectNode m = header.putObject(METADATA);
        meta.forEach(m::put);
        for (Tensor e : entries) {
            ObjectNode o = header.putObject(e.name());
            o.put("dtype", e.dtype().name());
            o.putArray("shape").add(e.rows()).add(e.cols());
            o.putArray("data_offsets").add(e.begin()).add(e.end());
        }
        byte[] json = Json.compact(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        writeFully(out, head);
        for (NamedTensor t : tensors) {
            encode(t.value(), buf, b -> writeFully(out, b));
        }
    }

    private interface ChunkSink {
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** Feeds the little-endian bytes of {@code m} to {@code sink}, a chunk at a time. */
    private static void encode(Mat m, ByteBuffer buf, ChunkSink sink) throws IOException {
        int n = m.size();
        int per = CHUNK / (m.precision() == Precision.FLOAT32 ? 4 : 8);
        for (int i = 0; i < n; i += per) {
            int k = Math.min(per, n - i);
            buf.clear();
            if (m instanceof F32Mat f) {
                buf.asFloatBuffer().put(f.data(), f.offset() + i, k);
                buf.limit(k * 4);
            } else {
                F64Mat f = (F64Mat) m;
                buf.asDoubleBuffer().put(f.data(), f.offset() + i, k);
                buf.limit(k * 8);
            }
            sink.accept(buf);
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    // ------------------------------------------------------------------------------------------------ checksum

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static final Comparator<String> UTF8_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    private static void digestHeader(MessageDigest md, Map<String, String> metadata, List<Tensor> tensors,
                                     long dataSize) {
        md.update("nnj-checksum-1".getBytes(StandardCharsets.US_ASCII));
        List<String> keys = new ArrayList<>(metadata.keySet());
        keys.remove(CHECKSUM);
        keys.sort(UTF8_ORDER);
        u64(md, keys.size());
        for (String k : keys) {
            str(md, k);
            str(md, metadata.get(k));
        }
        List<Tensor> sorted = new ArrayList<>(tensors);
        sorted.sort(Comparator.comparing(Tensor::name, UTF8_ORDER));
        u64(md, sorted.size());
        for (Tensor t : sorted) {
            str(md, t.name());
            str(md, t.dtype().name());
            u64(md, t.rows());
            u64(md, t.cols());
            u64(md, t.begin());
            u64(md, t.end());
        }
        u64(md, dataSize);
    }

    private static void u64(MessageDigest md, long v) {
        md.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    private static void str(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u64(md, b.length);
        md.update(b);
    }

    // ------------------------------------------------------------------------------------------------ reading

    /**
     * Reads and checks the header of {@code ch}, checks that it is an nnj file of {@code format} in a known
     * version, and verifies its checksum (streaming over the data; nothing is allocated for it).
     *
     * @param other the other nnj format and how to open it, for a helpful message
     */
    static Header open(FileChannel ch, String file, String format, String other, String otherHint) throws IOException {
        Header h = readHeader(ch, file);
        Map<String, String> meta = h.metadata();
        String f = meta.get(FORMAT);
        if (!format.equals(f)) {
            if (other.equals(f)) {
                throw new ModelFormatException(file + ": is a file of format \"" + other + "\", expected \"" + format
                        + "\"; " + otherHint);
            }
            throw new ModelFormatException(file + ": expected a safetensors file with \"format\": \"" + format
                    + "\" in its __metadata__, found " + (f == null ? "no format entry" : "\"" + f + "\""));
        }
        if (!CURRENT_VERSION.equals(meta.get(VERSION))) {
            throw new ModelFormatException(file + ": expected format_version \"" + CURRENT_VERSION + "\", found "
                    + (meta.get(VERSION) == null ? "none" : "\"" + meta.get(VERSION) + "\"")
                    + "; this file was written by another version of nnj");
        }
        String expected = meta.get(CHECKSUM);
        if (expected == null || !expected.matches("[0-9a-f]{64}")) {
            throw new ModelFormatException(file + ": expected a \"checksum\" of 64 lowercase hex digits in the "
                    + "__metadata__, found " + (expected == null ? "none" : "\"" + expected + "\""));
        }
        MessageDigest md = sha256();
        digestHeader(md, meta, new ArrayList<>(h.tensors().values()), h.dataSize());
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long pos = h.dataStart();
        long end = h.dataStart() + h.dataSize();
        while (pos < end) {
            buf.clear().limit((int) Math.min(CHUNK, end - pos));
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new ModelFormatException(file + ": the file ended at byte " + pos + ", expected " + end);
            }
            buf.flip();
            md.update(buf);
            pos += r;
        }
        String actual = HexFormat.of().formatHex(md.digest());
        if (!actual.equals(expected)) {
            throw new ModelFormatException(file + ": checksum mismatch: the header says " + expected
                    + " but the content hashes to " + actual + "; the file is corrupt or was changed after saving");
        }
        return h;
    }

    /** Reads and checks the header: sizes, JSON, every tensor entry, offsets. Allocates at most the header. */
    static Header readHeader(FileChannel ch, String file) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new ModelFormatException(file + ": the file has " + size + " bytes; a safetensors file starts with "
                    + "an 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file);
        long n = lenBuf.getLong(0);
        if (n < 2 || n > MAX_HEADER_BYTES || n > size - 8) {
            throw new ModelFormatException(file + ": the header length is " + Long.toUnsignedString(n)
                    + " bytes; expected 2 to " + Math.min(MAX_HEADER_BYTES, size - 8) + " (the file has " + size
                    + " bytes" + (n > MAX_HEADER_BYTES ? "; headers are limited to " + MAX_HEADER_BYTES + " bytes" : "")
                    + ")");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8, file);
        byte[] bytes = hb.array();
        if (bytes[0] != '{') {
            throw new ModelFormatException(file + ": the header must start with '{', found byte " + (bytes[0] & 0xff));
        }
        JsonNode root;
        try {
            root = Json.parse(SpecReader.utf8(bytes, "header"), "header");
        } catch (ConfigException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
        if (!root.isObject()) {
            throw new ModelFormatException(file + ": the header is not a JSON object");
        }
        long dataStart = 8 + n;
        long dataSize = size - dataStart;
        Map<String, String> meta = null;
        List<Tensor> tensors = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals(METADATA)) {
                meta = metadata(e.getValue(), file);
            } else {
                tensors.add(tensor(e.getKey(), e.getValue(), file));
            }
        }
        if (meta == null) {
            throw new ModelFormatException(file + ": the header has no \"__metadata__\"; expected an nnj model or "
                    + "checkpoint");
        }
        tensors.sort(Comparator.comparingLong(Tensor::begin).thenComparingLong(Tensor::end));
        long at = 0;
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            if (t.begin() != at) {
                throw new ModelFormatException(file + ": tensor \"" + t.name() + "\" starts at data offset " + t.begin()
                        + ", expected " + at + (t.begin() < at ? " (it overlaps the tensor before it)"
                        : " (the tensors must be contiguous)"));
            }
            if (t.end() > dataSize) {
                throw new ModelFormatException(file + ": tensor \"" + t.name() + "\" ends at data offset " + t.end()
                        + ", beyond the " + dataSize + " data bytes of the file");
            }
            at = t.end();
            byName.put(t.name(), t);
        }
        if (at != dataSize) {
            throw new ModelFormatException(file + ": the tensors cover " + at + " data bytes but the file has "
                    + dataSize + " after the header");
        }
        return new Header(meta, byName, dataStart, dataSize);
    }

    private static Map<String, String> metadata(JsonNode m, String file) {
        if (!m.isObject()) {
            throw new ModelFormatException(file + ": \"__metadata__\" must be an object of strings, found "
                    + Json.describe(m));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new ModelFormatException(file + ": metadata entry \"" + e.getKey() + "\" must be a string, found "
                        + Json.describe(e.getValue()));
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static Tensor tensor(String name, JsonNode t, String file) {
        String where = file + ": tensor \"" + name + "\"";
        if (!t.isObject() || t.size() != 3 || !TENSOR_FIELDS.containsAll(iterable(t.fieldNames()))) {
            throw new ModelFormatException(where + ": expected an object with exactly dtype, shape and data_offsets");
        }
        JsonNode dt = t.get("dtype");
        Dtype dtype;
        if (dt.isTextual() && dt.textValue().equals("F32")) {
            dtype = Dtype.F32;
        } else if (dt.isTextual() && dt.textValue().equals("F64")) {
            dtype = Dtype.F64;
        } else {
            throw new ModelFormatException(where + ": expected dtype F32 or F64, found " + Json.describe(dt));
        }
        JsonNode shape = t.get("shape");
        if (!shape.isArray() || shape.size() != 2) {
            throw new ModelFormatException(where + ": expected a shape of two dimensions [rows, cols], found "
                    + Json.compact(shape));
        }
        long rows = whole(shape.get(0), where + ": shape");
        long cols = whole(shape.get(1), where + ": shape");
        if (rows < 1 || cols < 1 || rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new ModelFormatException(where + ": expected positive dimensions of at most " + Integer.MAX_VALUE
                    + ", found [" + rows + ", " + cols + "]");
        }
        long elements = rows * cols;
        if (elements > SpecChecker.MAX_PARAMETERS) {
            throw new ModelFormatException(where + ": " + rows + " x " + cols + " elements do not fit in one array");
        }
        JsonNode off = t.get("data_offsets");
        if (!off.isArray() || off.size() != 2) {
            throw new ModelFormatException(where + ": expected data_offsets [begin, end], found " + Json.compact(off));
        }
        long begin = whole(off.get(0), where + ": data_offsets");
        long end = whole(off.get(1), where + ": data_offsets");
        if (begin < 0 || end < begin) {
            throw new ModelFormatException(where + ": expected data offsets 0 <= begin <= end, found [" + begin + ", "
                    + end + "]");
        }
        long bytes = elements * dtype.bytes;
        if (end - begin != bytes) {
            throw new ModelFormatException(where + ": a " + dtype + " tensor of shape [" + rows + ", " + cols
                    + "] takes " + bytes + " bytes, but its data_offsets [" + begin + ", " + end + "] span "
                    + (end - begin));
        }
        return new Tensor(name, dtype, (int) rows, (int) cols, begin, end);
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static long whole(JsonNode v, String where) {
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new ModelFormatException(where + ": expected whole numbers, found " + Json.describe(v));
        }
        return v.longValue();
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, String file) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int r = ch.read(b, p);
            if (r < 0) {
                throw new ModelFormatException(file + ": the file ended at byte " + p + " (it changed while read?)");
            }
            p += r;
        }
    }

    /**
     * Checks that the header holds exactly the {@code expected} tensors (by name, dtype and shape).
     *
     * @param what what the tensors are, for messages ("the network's parameters")
     */
    static void requireTensors(Header h, Map<String, Tensor> expected, String file) {
        for (Tensor e : expected.values()) {
            Tensor t = h.tensors().get(e.name());
            if (t == null) {
                throw new ModelFormatException(file + ": expected a tensor \"" + e.name() + "\" (" + e.shape()
                        + ") as the spec's network needs, found none; the file has " + names(h));
            }
            if (t.dtype() != e.dtype() || t.rows() != e.rows() || t.cols() != e.cols()) {
                throw new ModelFormatException(file + ": tensor \"" + e.name() + "\": expected " + e.shape()
                        + " as the spec's network needs, found " + t.shape());
            }
        }
        for (String name : h.tensors().keySet()) {
            if (!expected.containsKey(name)) {
                throw new ModelFormatException(file + ": unexpected tensor \"" + name + "\"; the spec's network needs "
                        + "exactly " + expected.keySet());
            }
        }
    }

    private static String names(Header h) {
        return h.tensors().isEmpty() ? "no tensors" : h.tensors().keySet().toString();
    }

    /** Reads tensor {@code t} into {@code target} (same shape and precision, checked before). */
    static void readInto(FileChannel ch, Header h, Tensor t, Mat target, String file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        int n = target.size();
        int per = CHUNK / t.dtype().bytes;
        long pos = h.dataStart() + t.begin();
        for (int i = 0; i < n; i += per) {
            int k = Math.min(per, n - i);
            buf.clear().limit(k * t.dtype().bytes);
            readFully(ch, buf, pos, file);
            pos += (long) k * t.dtype().bytes;
            buf.flip();
            if (target instanceof F32Mat f) {
                buf.asFloatBuffer().get(f.data(), f.offset() + i, k);
            } else {
                F64Mat f = (F64Mat) target;
                buf.asDoubleBuffer().get(f.data(), f.offset() + i, k);
            }
        }
    }
}
