package dev.trellis.serve.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The line on which each key and list item of a YAML (or JSON) document starts. Jackson's tree model
 * forgets locations, so the loader reads the text a second time with the streaming parser and
 * keeps, for every JSON pointer, the line of its first token (the key, for mapping entries).
 * A document that fails to parse keeps the lines read up to the failure.
 */
final class YamlLineIndex {
    private final Map<String, Integer> lines;

    private YamlLineIndex(Map<String, Integer> lines) {
        this.lines = lines;
    }

    static YamlLineIndex of(String yaml, JsonFactory factory) {
        var lines = new HashMap<String, Integer>();
        try (JsonParser parser = factory.createParser(yaml)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
            }
        } catch (IOException e) {
            // Parse errors are reported by the tree read; the lines seen so far stay useful.
        }
        return new YamlLineIndex(lines);
    }

    /** The line of {@code path}, or of its nearest ancestor present in the file; 0 when unknown. */
    int lineOf(KeyPath path) {
        for (KeyPath p = path; ; p = p.parent()) {
            Integer line = lines.get(p.pointer().toString());
            if (line != null && line > 0) {
                return line;
            }
            if (p.isRoot()) {
                return 0;
            }
        }
    }
}
