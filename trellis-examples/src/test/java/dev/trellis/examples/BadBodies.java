package dev.trellis.examples;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Request bodies a client should not send, made from a route's valid JSON body: text that is
 * not JSON, cut short, of the wrong top-level type, nested too deep, not UTF-8; and, for every
 * value in the body (the first element of each array), that value replaced by null, a string,
 * an object, numbers no double or long holds, NaN and Infinity tokens, deep nesting; every field
 * left out, given twice, and an unknown field added; then random mutations of the text and the
 * tree. The same valid body and seed always give the same bodies.
 */
final class BadBodies {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stands for the value a case replaces; written as a JSON string, then replaced by the raw bad value. */
    private static final String MARKER = "@@bad value@@";
    private static final int MAX_SLOT_DEPTH = 6;

    /** What the route must answer: 400 where any strict reader refuses the body, else anything below 500. */
    enum Expected { BAD_REQUEST, NOT_A_SERVER_ERROR }

    record BadBody(String name, byte[] bytes, Expected expected) {
        /** The body for messages: its first 300 characters. */
        String shown() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " characters)";
        }
    }

    /** A value put in place of one in the body, as raw JSON text. */
    private record Replacement(String name, String json, Expected expected) {
    }

    private static final List<Replacement> REPLACEMENTS = List.of(
            new Replacement("null", "null", Expected.BAD_REQUEST),
            new Replacement("a string", "\"x\"", Expected.NOT_A_SERVER_ERROR),
            new Replacement("the string \"NaN\"", "\"NaN\"", Expected.NOT_A_SERVER_ERROR),
            new Replacement("a nested object", "{\"nested\": {\"a\": 1}}", Expected.BAD_REQUEST),
            new Replacement("an empty array", "[]", Expected.NOT_A_SERVER_ERROR),
            new Replacement("true", "true", Expected.NOT_A_SERVER_ERROR),
            new Replacement("1e400 (no double holds it)", "1e400", Expected.NOT_A_SERVER_ERROR),
            new Replacement("-1e400", "-1e400", Expected.NOT_A_SERVER_ERROR),
            new Replacement("99999999999999999999999 (no long holds it)", "99999999999999999999999", Expected.NOT_A_SERVER_ERROR),
            new Replacement("a negative number", "-1", Expected.NOT_A_SERVER_ERROR),
            new Replacement("the token NaN", "NaN", Expected.BAD_REQUEST),
            new Replacement("the token Infinity", "Infinity", Expected.BAD_REQUEST),
            new Replacement("the token -Infinity", "-Infinity", Expected.BAD_REQUEST),
            new Replacement("500 nested arrays", nestedArrays(500), Expected.NOT_A_SERVER_ERROR));

    private static final List<String> TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "null", "-", "0",
            "1e400", "NaN", "x", " ", "é", "\u0000", "99999999999999999999999", "true");

    private BadBodies() {
    }

    /** The bad bodies made from {@code validJson}, with {@code mutations} random ones drawn from {@code seed}. */
    static List<BadBody> from(String validJson, long seed, int mutations) throws Exception {
        JsonNode valid = JSON.readTree(validJson);
        String text = JSON.writeValueAsString(valid);
        var bodies = new ArrayList<BadBody>();
        bodies.addAll(wholeBodies(valid, text));
        for (JsonPointer slot : slots(valid, JsonPointer.empty(), 0)) {
            for (Replacement r : REPLACEMENTS) {
                bodies.add(new BadBody(slot + " set to " + r.name(), utf8(replaced(valid, slot, r.json())), r.expected()));
            }
            if (valid.at(slot.head()).isObject()) {
                bodies.addAll(fieldCases(valid, slot));
            }
        }
        for (JsonPointer container : containers(valid, JsonPointer.empty(), 0)) {
            if (valid.at(container).isObject()) {
                JsonNode extra = valid.deepCopy();
                ((ObjectNode) extra.at(container)).put("unexpected_field", 1);
                bodies.add(new BadBody("an unknown field in " + where(container), utf8(JSON.writeValueAsString(extra)),
                        Expected.NOT_A_SERVER_ERROR));
            }
        }
        Random random = new Random(seed);
        List<JsonPointer> slots = slots(valid, JsonPointer.empty(), 0);
        for (int i = 0; i < mutations; i++) {
            bodies.add(mutation(i, valid, text, slots, random));
        }
        return bodies;
    }

    /** Bodies that are wrong as a whole. */
    private static List<BadBody> wholeBodies(JsonNode valid, String text) {
        var bodies = new ArrayList<BadBody>(List.of(
                bad("a body that is not JSON", "this is not JSON"),
                bad("an empty body", ""),
                bad("a blank body", " \r\n\t "),
                bad("the valid body cut in half", text.substring(0, text.length() / 2)),
                bad("the valid body without its last character", text.substring(0, text.length() - 1)),
                bad("a string instead of " + kind(valid), "\"x\""),
                bad("a number instead of " + kind(valid), "5"),
                bad("true instead of " + kind(valid), "true"),
                bad("null instead of " + kind(valid), "null"),
                bad("the token NaN", "NaN"),
                bad("5000 nested arrays", nestedArrays(5000)),
                bad("5000 nested objects", "{\"a\": ".repeat(5000) + "1" + "}".repeat(5000)),
                new BadBody("500 nested arrays", utf8(nestedArrays(500)), Expected.NOT_A_SERVER_ERROR),
                new BadBody("the valid body then more text", utf8(text + " }"), Expected.NOT_A_SERVER_ERROR),
                new BadBody("the valid body twice", utf8(text + text), Expected.NOT_A_SERVER_ERROR),
                bad("a byte that is not UTF-8 (0xC3 0x28) in a string", insertAfterFirstQuote(text, (byte) 0xC3, (byte) 0x28)),
                bad("a Latin-1 byte (0xE9) in a string", insertAfterFirstQuote(text, (byte) 0xE9))));
        bodies.add(valid.isObject() ? bad("an array instead of an object", "[" + text + "]")
                : bad("an object instead of an array", "{\"items\": " + text + "}"));
        bodies.add(bad(valid.isObject() ? "an empty array" : "an empty object", valid.isObject() ? "[]" : "{}"));
        return bodies;
    }

    /** The field {@code slot} names left out, and given twice. */
    private static List<BadBody> fieldCases(JsonNode valid, JsonPointer slot) throws Exception {
        JsonNode copy = valid.deepCopy();
        ((ObjectNode) copy.at(slot.head())).remove(slot.last().getMatchingProperty());
        String field = JSON.writeValueAsString(slot.last().getMatchingProperty());
        String value = JSON.writeValueAsString(valid.at(slot));
        return List.of(
                new BadBody(slot + " left out", utf8(JSON.writeValueAsString(copy)), Expected.BAD_REQUEST),
                new BadBody(slot + " given twice", utf8(replaced(valid, slot, value + ", " + field + ": " + value)),
                        Expected.NOT_A_SERVER_ERROR),
                new BadBody(slot + " given as \"x\", then again validly",
                        utf8(replaced(valid, slot, "\"x\", " + field + ": " + value)), Expected.NOT_A_SERVER_ERROR));
    }

    /** One to three random edits of the text, or a random value put in place of one. */
    private static BadBody mutation(int index, JsonNode valid, String text, List<JsonPointer> slots, Random random)
            throws Exception {
        if (!slots.isEmpty() && random.nextInt(3) == 0) {
            JsonPointer slot = slots.get(random.nextInt(slots.size()));
            String value = random.nextBoolean() ? REPLACEMENTS.get(random.nextInt(REPLACEMENTS.size())).json()
                    : TOKENS.get(random.nextInt(TOKENS.size()));
            return new BadBody("mutation " + index + ": " + slot + " set to " + value,
                    utf8(replaced(valid, slot, value)), Expected.NOT_A_SERVER_ERROR);
        }
        var edited = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && !edited.isEmpty(); e++) {
            int at = random.nextInt(edited.length());
            switch (random.nextInt(3)) {
                case 0 -> edited.delete(at, Math.min(edited.length(), at + 1 + random.nextInt(5)));
                case 1 -> edited.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                default -> edited.setCharAt(at, TOKENS.get(random.nextInt(TOKENS.size())).charAt(0));
            }
        }
        return new BadBody("mutation " + index + " of the text", utf8(edited.toString()), Expected.NOT_A_SERVER_ERROR);
    }

    /** Every value below the root: each field of an object, the first element of an array. */
    private static List<JsonPointer> slots(JsonNode node, JsonPointer at, int depth) {
        var slots = new ArrayList<JsonPointer>();
        if (depth >= MAX_SLOT_DEPTH) {
            return slots;
        }
        if (node.isObject()) {
            node.properties().forEach(field -> {
                JsonPointer child = at.appendProperty(field.getKey());
                slots.add(child);
                slots.addAll(slots(field.getValue(), child, depth + 1));
            });
        } else if (node.isArray() && !node.isEmpty()) {
            JsonPointer child = at.appendIndex(0);
            slots.add(child);
            slots.addAll(slots(node.get(0), child, depth + 1));
        }
        return slots;
    }

    /** The root and every container among the slots. */
    private static List<JsonPointer> containers(JsonNode valid, JsonPointer root, int depth) {
        var containers = new ArrayList<JsonPointer>(List.of(root));
        slots(valid, root, depth).stream().filter(p -> valid.at(p) instanceof ContainerNode<?>).forEach(containers::add);
        return containers;
    }

    /** The body's text with the value at {@code slot} replaced by {@code rawJson}. */
    private static String replaced(JsonNode valid, JsonPointer slot, String rawJson) throws Exception {
        JsonNode copy = valid.deepCopy();
        JsonNode parent = copy.at(slot.head());
        if (parent instanceof ObjectNode object) {
            object.set(slot.last().getMatchingProperty(), TextNode.valueOf(MARKER));
        } else {
            ((ArrayNode) parent).set(slot.last().getMatchingIndex(), TextNode.valueOf(MARKER));
        }
        return JSON.writeValueAsString(copy).replace(JSON.writeValueAsString(MARKER), rawJson);
    }

    private static byte[] insertAfterFirstQuote(String text, byte... bytes) {
        byte[] utf8 = utf8(text);
        int quote = text.indexOf('"');
        int at = quote < 0 ? 0 : utf8(text.substring(0, quote + 1)).length;
        var out = new ByteArrayOutputStream();
        out.write(utf8, 0, at);
        out.writeBytes(bytes);
        out.write(utf8, at, utf8.length - at);
        return out.toByteArray();
    }

    private static String nestedArrays(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static String kind(JsonNode valid) {
        return valid.isObject() ? "an object" : "an array";
    }

    private static String where(JsonPointer container) {
        return container.matches() ? "the body" : container.toString();
    }

    private static BadBody bad(String name, String text) {
        return bad(name, utf8(text));
    }

    private static BadBody bad(String name, byte[] bytes) {
        return new BadBody(name, bytes, Expected.BAD_REQUEST);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
