package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnj.io.TestSupport.REGISTRY;
import static org.nnj.io.TestSupport.assertFormatError;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnj.api.Mat;
import org.nnj.api.ModelFormatException;
import org.nnj.api.NamedTensor;
import org.nnj.api.PluginRef;
import org.nnj.api.Precision;
import org.nnj.core.Network;
import org.nnj.core.NetworkSpec;
import org.nnj.io.internal.AtomicFile;

/** Corrupt, truncated and hostile model files: each fails with a ModelFormatException naming file and problem. */
class HostileFilesTest {
    @TempDir
    Path dir;
    Path file;
    ModelSpec spec;
    Network net;

    static ModelSpec small() {
        return ModelSpec.of(new NetworkSpec(2, List.of(PluginRef.of("dense", Map.of("units", 3, "activation", "tanh")),
                PluginRef.of("dense", Map.of("units", 1, "activation", "sigmoid"))), PluginRef.of("binary_crossentropy"),
                Precision.FLOAT32, 3));
    }

    @BeforeEach
    void save() {
        spec = small();
        net = Network.build(spec.network(), REGISTRY);
        file = dir.resolve("m.safetensors");
        ModelFile.save(file, net, spec, new ModelMetadata(List.of("no", "yes"), List.of("x", "y"), null, null,
                Map.of()));
    }

    /** A file of the given header length field, header text and data bytes. */
    Path raw(long headerLength, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(h);
        Path p = dir.resolve("raw.safetensors");
        Files.write(p, b.array());
        return p;
    }

    Path raw(String header, int dataBytes) throws IOException {
        return raw(header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    static String meta() {
        return "\"__metadata__\": {\"format\": \"nnj-model\", \"format_version\": \"1\"}";
    }

    static String tensor(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\": {\"dtype\": \"" + dtype + "\", \"shape\": " + shape + ", \"data_offsets\": "
                + offsets + "}";
    }

    ModelFormatException fails(Path p, String... fragments) {
        String[] all = new String[fragments.length + 1];
        all[0] = p.toString();
        System.arraycopy(fragments, 0, all, 1, fragments.length);
        return assertFormatError(() -> ModelFile.load(p, REGISTRY), all);
    }

    @Test
    void headerLengthIsCheckedBeforeAnythingIsAllocated() throws IOException {
        Path p = dir.resolve("short");
        Files.write(p, new byte[] {1, 2, 3});
        fails(p, "the file has 3 bytes");
        fails(raw(Long.MAX_VALUE, "{}", 0), "header length is 9223372036854775807", "limited to 104857600");
        fails(raw(-1, "{}", 0), "header length is 18446744073709551615");
        fails(raw(1L << 30, "{}", 0), "header length is 1073741824");
        fails(raw(100, "{}", 0), "header length is 100 bytes; expected 2 to 2");
        fails(raw(1, "{}", 0), "header length is 1");
        fails(raw("[1, 2]", 0), "must start with '{'");
        fails(raw("{\"a\": ", 0), "invalid JSON");
        fails(raw("{\"a\": 1} {}", 0), "invalid JSON");
        Path bad = raw(3, "{\u00ff}", 0);
        byte[] b = Files.readAllBytes(bad);
        b[9] = (byte) 0xff;
        b[10] = (byte) '}';
        Files.write(bad, java.util.Arrays.copyOf(b, 11));
        fails(bad, "not valid UTF-8");
        fails(raw(2, "{}", 0), "no \"__metadata__\"");
    }

    @Test
    void tensorEntriesAreChecked() throws IOException {
        fails(raw("{\"__metadata__\": {\"format\": 1}}", 0), "metadata entry \"format\" must be a string, found the number 1");
        fails(raw("{\"__metadata__\": []}", 0), "\"__metadata__\" must be an object of strings");
        fails(raw("{" + meta() + ", " + tensor("w", "I64", "[1, 1]", "[0, 8]") + "}", 8),
                "tensor \"w\": expected dtype F32 or F64, found the string \"I64\"");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[1, 1, 1]", "[0, 4]") + "}", 4),
                "expected a shape of two dimensions [rows, cols], found [1,1,1]");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[0, 3]", "[0, 0]") + "}", 0),
                "expected positive dimensions", "found [0, 3]");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[-1, 3]", "[0, 4]") + "}", 4), "found [-1, 3]");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[2147483647, 2147483647]", "[0, 4]") + "}", 4),
                "2147483647 x 2147483647 elements do not fit in one array");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[99999999999999999999, 1]", "[0, 4]") + "}", 4),
                "expected whole numbers");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[1.5, 1]", "[0, 4]") + "}", 4),
                "expected whole numbers, found the number 1.5");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[2, 2]", "[0, 8]") + "}", 8),
                "a F32 tensor of shape [2, 2] takes 16 bytes, but its data_offsets [0, 8] span 8");
        fails(raw("{" + meta() + ", " + tensor("w", "F64", "[1, 1]", "[0, 4]") + "}", 4), "takes 8 bytes");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[1, 1]", "[-4, 0]") + "}", 4),
                "expected data offsets 0 <= begin <= end, found [-4, 0]");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[1, 1]", "[4, 8]") + "}", 8),
                "starts at data offset 4, expected 0");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[1, 1]", "[0, 4]") + "}", 2),
                "ends at data offset 4, beyond the 2 data bytes");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[1, 1]", "[0, 4]") + "}", 100),
                "the tensors cover 4 data bytes but the file has 100");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[1, 2]", "[0, 8]") + ", "
                + tensor("v", "F32", "[1, 1]", "[4, 8]") + "}", 8), "starts at data offset 4, expected 8",
                "overlaps");
        fails(raw("{" + meta() + ", " + tensor("w", "F32", "[1, 1]", "[0, 4]") + ", "
                + tensor("w", "F32", "[1, 1]", "[4, 8]") + "}", 8), "Duplicate field 'w'");
        fails(raw("{" + meta() + ", \"w\": {\"dtype\": \"F32\", \"shape\": [1, 1], \"data_offsets\": [0, 4], "
                + "\"x\": 1}}", 4), "exactly dtype, shape and data_offsets");
        fails(raw("{" + meta() + ", \"w\": [1]}", 4), "exactly dtype, shape and data_offsets");
    }

    @Test
    void formatVersionAndChecksumAreChecked() throws IOException {
        fails(raw("{\"__metadata__\": {\"format\": \"pt\"}}", 0),
                "expected a safetensors file with \"format\": \"nnj-model\"", "found \"pt\"");
        fails(raw("{\"__metadata__\": {}}", 0), "found no format entry");
        fails(raw("{\"__metadata__\": {\"format\": \"nnj-model\", \"format_version\": \"2\"}}", 0),
                "expected format_version \"1\", found \"2\"");
        fails(raw("{" + meta() + "}", 0), "expected a \"checksum\" of 64 lowercase hex digits", "found none");
    }

    @Test
    void truncatedAndExtendedFilesFail() throws IOException {
        byte[] b = Files.readAllBytes(file);
        for (int cut : new int[] {b.length - 1, b.length - 4, b.length - 30, 9, 8, 4, 0}) {
            Files.write(file, java.util.Arrays.copyOf(b, cut));
            assertThrows(ModelFormatException.class, () -> ModelFile.load(file, REGISTRY), "cut at " + cut);
        }
        Files.write(file, java.util.Arrays.copyOf(b, b.length + 4));
        fails(file, "the tensors cover", "but the file has");
    }

    @Test
    void everyFlippedBitIsDetected() throws IOException {
        byte[] good = Files.readAllBytes(file);
        ModelFile.load(file, REGISTRY);
        int checksumFailures = 0;
        for (int i = 0; i < good.length; i++) {
            for (int mask : new int[] {0x01, 0x80}) {
                byte[] b = good.clone();
                b[i] ^= (byte) mask;
                Files.write(file, b);
                int at = i;
                ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file, REGISTRY),
                        () -> "flipping mask " + mask + " at byte " + at + " of " + good.length + " went unnoticed");
                assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
                if (e.getMessage().contains("checksum mismatch")) {
                    checksumFailures++;
                }
            }
        }
        assertTrue(checksumFailures >= net.parameterCount() * 4 * 2, "flips in the data fail by checksum");
    }

    /** Writes a correctly sealed file (valid checksum) with the given metadata and tensors. */
    Path sealed(Map<String, String> meta, List<NamedTensor> tensors) {
        Path p = dir.resolve("sealed.safetensors");
        AtomicFile.write(p, "model file", out -> Safetensors.write(out, meta, tensors));
        return p;
    }

    Map<String, String> entries() {
        return new LinkedHashMap<>(ModelFile.entries(ModelFile.FORMAT, net, spec, ModelMetadata.empty()));
    }

    @Test
    void theTensorsMustBeExactlyTheSpecsNetwork() {
        List<NamedTensor> params = net.namedParameters();
        List<NamedTensor> missing = params.subList(0, params.size() - 1);
        fails(sealed(entries(), missing), "expected a tensor \"layers.1.bias\" (F32 1 x 1)", "found none");
        List<NamedTensor> extra = new ArrayList<>(params);
        extra.add(new NamedTensor("layers.9.weight", Mat.zeros(Precision.FLOAT32, 1, 1)));
        fails(sealed(entries(), extra), "unexpected tensor \"layers.9.weight\"");
        List<NamedTensor> reshaped = new ArrayList<>(params);
        reshaped.set(0, new NamedTensor("layers.0.weight", Mat.zeros(Precision.FLOAT32, 2, 3)));
        fails(sealed(entries(), reshaped), "tensor \"layers.0.weight\": expected F32 3 x 2", "found F32 2 x 3");
        List<NamedTensor> wide = new ArrayList<>(params);
        wide.set(0, new NamedTensor("layers.0.weight", Mat.zeros(Precision.FLOAT64, 3, 2)));
        fails(sealed(entries(), wide), "expected F32 3 x 2", "found F64 3 x 2");
    }

    @Test
    void metadataAndSpecProblemsNameTheFile() {
        Map<String, String> m = entries();
        m.put("spec", "{\"input\": 2}");
        fails(sealed(m, net.namedParameters()), "the spec saved in the file cannot be used",
                "layers: missing required field");
        m = entries();
        m.remove("spec");
        fails(sealed(m, net.namedParameters()), "no \"spec\" entry");
        m = entries();
        m.put("spec", SpecWriter.toCompactJson(spec).replace("\"units\":3", "\"units\":100000000"));
        fails(sealed(m, net.namedParameters()), "MB with their gradients");
        m = entries();
        m.put("classes", "[1, 2]");
        fails(sealed(m, net.namedParameters()), "metadata entry \"classes\"", "found the number 1");
        m = entries();
        m.put("classes", "[\"a\", \"b\", \"c\"]");
        fails(sealed(m, net.namedParameters()), "3 class names for a network of 1 outputs");
        m = entries();
        m.put("scaler", "{\"name\": \"standard\", \"statistics\": {\"mean\": [0, 0]}}");
        fails(sealed(m, net.namedParameters()), "metadata entry \"scaler\"", "expected a statistic \"std\"");
        m = entries();
        m.put("scaler", "{\"name\": \"minmax\", \"statistics\": {\"min\": [0, 0, 0], \"max\": [1, 1, 1]}}");
        fails(sealed(m, net.namedParameters()), "a scaler of 3 features for a network of 2 inputs");
        m = entries();
        m.put("features", "{");
        fails(sealed(m, net.namedParameters()), "metadata entry \"features\"", "invalid JSON");
    }

    @Test
    void aMissingFileFailsNamingIt() {
        Path p = dir.resolve("nope.safetensors");
        var e = fails(p, "cannot read the file");
        assertEquals(java.nio.file.NoSuchFileException.class, e.getCause().getClass());
    }
}
