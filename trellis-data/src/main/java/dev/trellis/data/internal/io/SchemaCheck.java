package dev.trellis.data.internal.io;

import dev.trellis.data.Field;
import dev.trellis.data.Schema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks that the files of one dataset have one schema (Ray Data reads them as one table). */
public final class SchemaCheck {
    private SchemaCheck() {
    }

    /**
     * Passes when every schema equals the first (the same columns, types and order);
     * {@code schemas.get(i)} is the schema of {@code files.get(i)}.
     *
     * @throws IllegalArgumentException naming the first file, the first file that differs, both
     *     schemas and the columns that differ: {@code file b.parquet has columns [x: long, y: string]
     *     but a.parquet has [x: long, y: double] (y: string there, double in a.parquet)}
     */
    public static void sameSchema(List<Path> files, List<Schema> schemas) {
        if (files.size() != schemas.size()) {
            throw new IllegalArgumentException(files.size() + " files but " + schemas.size() + " schemas: " + files);
        }
        if (schemas.isEmpty()) {
            return;
        }
        Schema first = schemas.getFirst();
        for (int i = 1; i < schemas.size(); i++) {
            Schema s = schemas.get(i);
            if (!s.equals(first)) {
                throw new IllegalArgumentException("file " + files.get(i) + " has columns " + s + " but "
                        + files.getFirst() + " has " + first + " (" + differences(first, s, files.getFirst()) + "); the"
                        + " files of one dataset must have one schema");
            }
        }
    }

    /** The differences of {@code other} from {@code first}, in words. */
    static String differences(Schema first, Schema other, Path firstFile) {
        var out = new ArrayList<String>();
        String name = firstFile.getFileName() == null ? firstFile.toString() : firstFile.getFileName().toString();
        for (Field f : first.fields()) {
            int at = other.indexOf(f.name());
            if (at < 0) {
                out.add(f.name() + " missing there, " + lower(f) + " in " + name);
            } else if (other.fields().get(at).type() != f.type()) {
                out.add(f.name() + ": " + lower(other.fields().get(at)) + " there, " + lower(f) + " in " + name);
            }
        }
        for (Field f : other.fields()) {
            if (first.indexOf(f.name()) < 0) {
                out.add(f.name() + ": " + lower(f) + " there, not in " + name);
            }
        }
        if (out.isEmpty()) {
            out.add("the same columns in another order");
        }
        return String.join("; ", out);
    }

    private static String lower(Field f) {
        return f.type().name().toLowerCase(java.util.Locale.ROOT);
    }
}
