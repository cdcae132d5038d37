package dev.trellis.models.internal.xgboost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads what Trellis needs from XGBoost's JSON model format, streaming: the trees (nearly all
 * of a model's bytes) are skipped, never built into a tree of nodes.
 *
 * <p>XGBoost's JSON model is {@code {"learner": {..., "learner_model_param": {"num_class": "3",
 * "num_feature": "6", "num_target": "1", ...}, "objective": {"name": "binary:logistic", ...}},
 * "version": [1, 7, 4]}}. Its UBJSON form starts with {@code '{'} too, but the next byte is a
 * UBJSON length marker, never a JSON key's {@code '"'}: that is how the two are told apart.
 */
final class XGBoostModelJson {
    private static final JsonFactory JSON = new JsonFactory();

    private XGBoostModelJson() {
    }

    /** Whether {@code bytes} are JSON text: an object whose first key is quoted, or an empty one. */
    static boolean isJsonText(byte[] bytes) {
        int i = skipWhitespace(bytes, 0);
        if (i >= bytes.length) {
            return false;
        }
        if (bytes[i] == '[') {
            return true;
        }
        if (bytes[i] != '{') {
            return false;
        }
        int next = skipWhitespace(bytes, i + 1);
        return next < bytes.length && (bytes[next] == '"' || bytes[next] == '}');
    }

    /**
     * Why a JSON text is not an XGBoost model (it has no top-level {@code "learner"} object), or
     * empty if it is one. Stops reading at the {@code "learner"} key, XGBoost's first.
     */
    static Optional<String> notAModel(byte[] json) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.of("it is not a JSON object");
            }
            List<String> keys = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                if (parser.nextToken() == JsonToken.START_OBJECT && key.equals("learner")) {
                    return Optional.empty();
                }
                keys.add(key);
                parser.skipChildren();
            }
            return Optional.of("it has no top-level \"learner\" object (its top-level keys: " + keys + ")");
        } catch (JsonProcessingException e) {
            return Optional.of("it is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            return Optional.of("it could not be read as JSON (" + e.getMessage() + ")");
        }
    }

    /** The objective, class count and target count of a model saved as JSON (by {@code Booster.toByteArray("json")}). */
    static XGBoostObjective objective(byte[] json) throws IOException {
        String objective = null;
        int numClass = 0;
        int numTarget = 1;
        try (JsonParser parser = JSON.createParser(json)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!key.equals("learner") || value != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String learnerKey = parser.currentName();
                    JsonToken learnerValue = parser.nextToken();
                    if (learnerKey.equals("objective") && learnerValue == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String objectiveKey = parser.currentName();
                            parser.nextToken();
                            if (objectiveKey.equals("name")) {
                                objective = parser.getValueAsString();
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else if (learnerKey.equals("learner_model_param") && learnerValue == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String paramKey = parser.currentName();
                            parser.nextToken();
                            switch (paramKey) {
                                case "num_class" -> numClass = parser.getValueAsInt(0);
                                case "num_target" -> numTarget = parser.getValueAsInt(1);
                                default -> parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            }
        }
        if (objective == null) {
            throw new IOException("the model names no objective (learner.objective.name)");
        }
        return new XGBoostObjective(objective, numClass, numTarget);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " in XGBoost's JSON model, found " + actual);
        }
    }

    private static int skipWhitespace(byte[] bytes, int from) {
        int i = from;
        while (i < bytes.length && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
            i++;
        }
        return i;
    }
}
