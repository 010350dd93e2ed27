package org.nnj.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnj.api.ConfigException;

/**
 * Strict JSON for spec files and model headers: no comments, no trailing commas, no NaN, no duplicate keys, no
 * trailing content; and typed field access whose errors name the JSON path.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
                    JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /**
     * Parses {@code text}.
     *
     * @throws ConfigException naming {@code source}, the line and the column of a syntax error
     */
    static JsonNode parse(String text, String source) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new ConfigException("", source + ": expected a JSON object, found no content");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : ", line " + at.getLineNr() + ", column " + at.getColumnNr();
            String msg = String.valueOf(e.getOriginalMessage());
            int nl = msg.indexOf('\n');
            throw new ConfigException("", source + where + ": invalid JSON: " + (nl < 0 ? msg : msg.substring(0, nl)));
        }
    }

    /** Pretty JSON with two-space indents and {@code \n} line ends. */
    static String pretty(JsonNode node) {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        try {
            return MAPPER.writer(pp).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Compact JSON. */
    static String compact(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** How a value reads in a message: {@code the string "ten"}, {@code the number 1.5}, {@code an object}. */
    static String describe(JsonNode v) {
        if (v == null || v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            String s = v.asText();
            return "the string \"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
        }
        if (v.isNumber()) {
            return "the number " + v.asText();
        }
        if (v.isBoolean()) {
            return v.asText();
        }
        if (v.isArray()) {
            return "a list";
        }
        return "an object";
    }

    static ConfigException typeError(String path, String expected, JsonNode v) {
        return new ConfigException(path, "expected " + expected + ", got " + describe(v));
    }

    /** {@code node} as an object whose keys are all in {@code known}. */
    static ObjectNode object(JsonNode node, String path, Collection<String> known) {
        if (node == null || !node.isObject()) {
            throw typeError(path.isEmpty() ? "" : path, "an object", node);
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!known.contains(key)) {
                throw new ConfigException(join(path, key), "unknown field \"" + key + "\"; expected one of "
                        + String.join(", ", known));
            }
        }
        return (ObjectNode) node;
    }

    static JsonNode required(ObjectNode o, String key, String path) {
        JsonNode v = o.get(key);
        if (v == null) {
            throw new ConfigException(join(path, key), "missing required field \"" + key + "\"");
        }
        return v;
    }

    static long wholeNumber(JsonNode v, String path) {
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isFloatingPointNumber() && v.doubleValue() == Math.rint(v.doubleValue())
                && Math.abs(v.doubleValue()) <= 9.0e15) {
            return (long) v.doubleValue();
        }
        throw typeError(path, "a whole number", v);
    }

    static int intIn(JsonNode v, String path, long min, long max) {
        long l = wholeNumber(v, path);
        if (l < min || l > max) {
            throw new ConfigException(path, "value " + l + " is outside the valid range [" + min + ", " + max + "]");
        }
        return (int) l;
    }

    static double number(JsonNode v, String path) {
        if (!v.isNumber()) {
            throw typeError(path, "a number", v);
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw new ConfigException(path, "expected a finite number, got " + v.asText());
        }
        return d;
    }

    static boolean bool(JsonNode v, String path) {
        if (!v.isBoolean()) {
            throw typeError(path, "true or false", v);
        }
        return v.booleanValue();
    }

    static String string(JsonNode v, String path) {
        if (!v.isTextual()) {
            throw typeError(path, "a string", v);
        }
        return v.textValue();
    }

    /** The raw Java value of a plugin parameter (see {@link RawValues}); null is refused. */
    static Object raw(JsonNode v, String path) {
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                out.add(raw(v.get(i), path + "[" + i + "]"));
            }
            return Collections.unmodifiableList(out);
        }
        if (v.isObject()) {
            Map<String, Object> out = new LinkedHashMap<>();
            v.fields().forEachRemaining(e -> out.put(e.getKey(), raw(e.getValue(), join(path, e.getKey()))));
            return Collections.unmodifiableMap(out);
        }
        throw new ConfigException(path, "expected a value, got " + describe(v));
    }

    /** The JSON form of a raw value (the inverse of {@link #raw}). */
    static JsonNode node(Object v) {
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (v instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (v instanceof List<?> l) {
            ArrayNode a = NODES.arrayNode();
            l.forEach(x -> a.add(node(x)));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), node(x)));
            return o;
        }
        Object c = RawValues.value(v, "");
        if (c.getClass() == v.getClass()) {
            throw new IllegalArgumentException("cannot write " + v.getClass().getName() + " as JSON");
        }
        return node(c);
    }
}
