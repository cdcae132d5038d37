package dev.trellis.models.internal.xgboost;

import dev.trellis.models.Model;
import dev.trellis.models.ModelLoadException;
import dev.trellis.models.internal.ModelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost4J: models saved by XGBoost (Python, R, JVM, 1.x to 3.x) in its JSON ({@code .json})
 * or UBJSON ({@code .ubj}) format. The format is told from the bytes, not the name, so a model
 * stored under another name loads with {@code Models.load(path, "xgboost")}. A {@code .json}
 * that is not an XGBoost model (no top-level {@code "learner"} object) is refused before
 * XGBoost sees it, with a message saying so. XGBoost's old binary format (removed in 3.0) is
 * not read.
 *
 * <p>The objective and class count are read from the model's JSON form, the feature count and
 * names from the booster; see {@link XGBoostObjective} for how outputs become predictions.
 *
 * <p>Threads: each prediction uses {@value #NTHREAD_PROPERTY} OpenMP threads (XGBoost's
 * {@code nthread}), 1 unless the system property says otherwise. XGBoost's own default, one per
 * core, splits even a one-row prediction into an OpenMP team whose idle threads spin, taking the
 * cores that a replica's other concurrent calls need; a replica's parallelism is its calls.
 * Set it higher for replicas that predict large batches one at a time.
 */
public final class XGBoostRuntime implements ModelRuntime {
    public static final String FLAVOR = "xgboost";
    /** The system property naming the OpenMP threads one prediction may use (default 1). */
    public static final String NTHREAD_PROPERTY = "trellis.xgboost.nthread";

    /** XGBoost's error messages start with "[12:00:00] /path/to/file.cc:123: "; the rest is what a user needs. */
    private static final Pattern NATIVE_PREFIX = Pattern.compile("^\\[[^]]*]\\s+\\S+:\\d+:\\s*");

    @Override
    public String flavor() {
        return FLAVOR;
    }

    @Override
    public boolean recognizes(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".json") || name.endsWith(".ubj");
    }

    @Override
    public Model load(Path file) {
        String where = file.toAbsolutePath().toString();
        int nthread = nthread(System.getProperty(NTHREAD_PROPERTY), where);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("could not read XGBoost model file " + where + ": " + e, e);
        }
        if (XGBoostModelJson.isJsonText(bytes)) {
            XGBoostModelJson.notAModel(bytes).ifPresent(why -> {
                throw new ModelLoadException(where + " is not an XGBoost model: " + why
                        + ". XGBoost saves models as JSON with a \"learner\" object, or as UBJSON (.ubj)");
            });
        }
        Booster booster;
        try {
            booster = XGBoost.loadModel(bytes);
        } catch (XGBoostError | IOException e) {
            throw new ModelLoadException("could not load XGBoost model " + where + ": " + firstLine(e)
                    + " (XGBoost reads its JSON and UBJSON model formats)", e);
        } catch (LinkageError e) {
            throw new ModelLoadException("could not load XGBoost model " + where + ": XGBoost4J's native library"
                    + " did not load (" + e + "); on Linux it needs OpenMP's libgomp.so.1 (Debian/Ubuntu: libgomp1)", e);
        }
        try {
            booster.setParam("nthread", nthread);
            XGBoostObjective objective = XGBoostModelJson.objective(booster.toByteArray("json"));
            int featureCount = Math.toIntExact(booster.getNumFeature());
            String[] names = booster.getFeatureNames();
            // A model trained without feature names reports none, or an array of nulls.
            List<String> featureNames = names == null || names.length != featureCount
                    || Arrays.stream(names).anyMatch(n -> n == null || n.isEmpty()) ? List.of() : List.of(names);
            return new XGBoostModel("xgboost model " + where, booster, objective, featureCount, featureNames);
        } catch (XGBoostError | IOException | RuntimeException e) {
            booster.dispose();
            throw new ModelLoadException("could not read the objective and features of XGBoost model " + where + ": "
                    + firstLine(e), e);
        }
    }

    /** The thread count of {@value #NTHREAD_PROPERTY} ({@code null}: 1). */
    static int nthread(String value, String where) {
        if (value == null) {
            return 1;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the value
        }
        throw new ModelLoadException("cannot load XGBoost model " + where + ": " + NTHREAD_PROPERTY
                + " must be an integer >= 1, was '" + value + "'");
    }

    static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        return NATIVE_PREFIX.matcher(first).replaceFirst("").strip();
    }
}
