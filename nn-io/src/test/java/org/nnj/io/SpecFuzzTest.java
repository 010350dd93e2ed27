package org.nnj.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nnj.io.TestSupport.READER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.nnj.api.ConfigException;

/**
 * Random, mutated and generated spec JSON: every case either reads (and then round-trips through
 * {@link SpecWriter} exactly) or throws a {@link ConfigException}. Per build: 2,000 random token soups, 3,000
 * mutated spec files and 2,000 generated specs with random field values (7,000 cases; see {@link FuzzCounts}).
 */
class SpecFuzzTest {
    static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\"input\"", "\"layers\"", "\"loss\"",
        "\"type\"", "\"name\"", "\"dense\"", "\"units\"", "\"activation\"", "\"relu\"", "\"softmax\"", "\"mse\"",
        "\"training\"", "\"epochs\"", "\"optimizer\"", "\"adam\"", "\"lr\"", "\"data\"", "\"label\"", "0", "1", "-1",
        "3", "1e9", "1e999", "-0.5", "0.1", "true", "false", "null", " ", "\n", "//", "/*", "\\u0000", "NaN", "é",
        "99999999999999999999999", "\"precision\"", "\"float64\"", "\"seed\"", "\"dropout\"", "\"rate\"",
        "\"early_stopping\"", "\"schedule\"", "\"cosine\"", "\"initializer\"", "\"he_normal\""};

    static final List<String> BASES = List.of(read("specs/iris.json"), read("specs/minimal.json"),
            SpecWriter.toJson(Fixtures.irisLike(org.nnj.api.Precision.FLOAT64, 4)));

    static String read(String resource) {
        try {
            return Files.readString(TestSupport.resource(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code json}; a spec that reads must round-trip through the writer. */
    static void readOrConfigError(String json) {
        ModelSpec s;
        try {
            s = READER.read(json, "fuzz.json");
        } catch (ConfigException e) {
            return;
        }
        assertEquals(s, READER.read(SpecWriter.toJson(s), "again.json"));
    }

    @Provide
    Arbitrary<String> soups() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Property(tries = FuzzCounts.SPEC_RANDOM)
    void randomTokenSoups(@ForAll("soups") String json) {
        readOrConfigError(json);
    }

    @Property(tries = FuzzCounts.SPEC_MUTATED)
    void mutatedSpecs(@ForAll long seed) {
        Random r = new Random(seed);
        byte[] b = BASES.get(r.nextInt(BASES.size())).getBytes(StandardCharsets.UTF_8);
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            b = Mutations.mutate(b, r, TOKENS);
        }
        String text;
        try {
            text = SpecReader.utf8(b, "fuzz.json");
        } catch (ConfigException e) {
            return;
        }
        readOrConfigError(text);
    }

    static JsonNode randomValue(Random r, int depth) {
        switch (r.nextInt(depth > 2 ? 7 : 9)) {
            case 0: return Json.NODES.numberNode(r.nextInt(7) - 2);
            case 1: return Json.NODES.numberNode(r.nextBoolean() ? (long) r.nextInt() * r.nextInt() : r.nextInt(300));
            case 2: return Json.NODES.numberNode(r.nextGaussian() * Math.pow(10, r.nextInt(12) - 4));
            case 3: return Json.NODES.textNode(TOKENS[r.nextInt(TOKENS.length)].replace("\"", ""));
            case 4: return Json.NODES.booleanNode(r.nextBoolean());
            case 5: return Json.NODES.nullNode();
            case 6: return Json.NODES.textNode(List.of("relu", "tanh", "sigmoid", "softmax", "adam", "sgd", "mse",
                    "dense", "dropout", "he_normal", "cosine", "step", "csv", "idx", "standard", "val_loss")
                    .get(r.nextInt(16)));
            case 7: {
                ArrayNode a = Json.NODES.arrayNode();
                for (int i = r.nextInt(4); i > 0; i--) {
                    a.add(randomValue(r, depth + 1));
                }
                return a;
            }
            default: return randomObject(r, depth + 1);
        }
    }

    static final String[] KEYS = {"type", "name", "units", "activation", "rate", "lr", "momentum", "beta", "epochs",
        "batch_size", "seed", "monitor", "patience", "t_max", "label", "format", "scaling", "test_split", "initializer",
        "use_bias", "l2", "std", "bogus"};

    static ObjectNode randomObject(Random r, int depth) {
        ObjectNode o = Json.NODES.objectNode();
        for (int i = r.nextInt(4); i > 0; i--) {
            o.set(KEYS[r.nextInt(KEYS.length)], randomValue(r, depth + 1));
        }
        return o;
    }

    /** A layer that is often valid: dense or dropout with random, sometimes wrong, parameters. */
    static JsonNode randomLayer(Random r) {
        if (r.nextInt(4) == 0) {
            return randomValue(r, 1);
        }
        ObjectNode l = Json.NODES.objectNode();
        boolean dense = r.nextInt(3) > 0;
        l.put("type", dense ? "dense" : "dropout");
        if (dense) {
            l.set("units", r.nextInt(5) == 0 ? randomValue(r, 1) : Json.NODES.numberNode(1 + r.nextInt(20)));
            if (r.nextBoolean()) {
                l.set("activation", r.nextInt(3) == 0 ? randomValue(r, 1) : Json.NODES.textNode(
                        List.of("relu", "tanh", "sigmoid", "softmax", "elu").get(r.nextInt(5))));
            }
        } else if (r.nextBoolean()) {
            l.set("rate", r.nextInt(4) == 0 ? randomValue(r, 1) : Json.NODES.numberNode(r.nextDouble()));
        }
        if (r.nextInt(6) == 0) {
            l.set(KEYS[r.nextInt(KEYS.length)], randomValue(r, 1));
        }
        return l;
    }

    @Property(tries = FuzzCounts.SPEC_GENERATED)
    void generatedSpecs(@ForAll long seed) {
        Random r = new Random(seed);
        ObjectNode o = Json.NODES.objectNode();
        o.set("input", r.nextInt(5) == 0 ? randomValue(r, 1) : Json.NODES.numberNode(1 + r.nextInt(10)));
        ArrayNode layers = o.putArray("layers");
        for (int i = r.nextInt(4); i >= 0; i--) {
            layers.add(randomLayer(r));
        }
        o.set("loss", r.nextInt(5) == 0 ? randomValue(r, 1) : Json.NODES.textNode("mse"));
        for (String k : SpecReader.TOP) {
            if (!o.has(k) && r.nextInt(4) == 0) {
                o.set(k, k.equals("training") || k.equals("data") ? randomObject(r, 0) : randomValue(r, 0));
            }
        }
        if (r.nextInt(8) == 0) {
            o.remove(List.of("input", "layers", "loss").get(r.nextInt(3)));
        }
        readOrConfigError(Json.pretty(o));
    }
}
