package dev.trellis.examples.data;

import dev.trellis.core.Trellis;
import dev.trellis.core.TrellisOptions;
import dev.trellis.data.Batch;
import dev.trellis.data.Data;
import dev.trellis.data.Dataset;
import java.util.List;

/**
 * Seed 001, lesson 1, up to the trainer: read the taxi trips, split them 70/30, drop the label
 * from the validation inputs and look at a batch.
 *
 * <pre>
 * ./trellis run dev.trellis.examples.data.TaxiSplit /tmp/taxi [--address A]   # writes /tmp/taxi first if empty
 * </pre>
 */
public final class TaxiSplit {
    private TaxiSplit() {
    }

    /** The two datasets and a sample of the validation inputs. */
    public record Result(long trainRows, long validRows, Batch sample) {
    }

    public static void main(String[] args) {
        String address = null;
        String dir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--address")) {
                address = args[++i];
            } else {
                dir = args[i];
            }
        }
        if (dir == null) {
            System.err.println("usage: TaxiSplit DATA_DIR [--address HOST:PORT]");
            System.exit(2);
        }
        Trellis.init(address == null ? TrellisOptions.builder().build() : TrellisOptions.connect(address));
        try {
            Result r = run(dir);
            System.out.println("train: " + r.trainRows() + " rows, valid: " + r.validRows() + " rows");
            System.out.println("valid inputs: " + r.sample().schema());
            r.sample().rows().forEach(System.out::println);
        } finally {
            Trellis.shutdown();
        }
    }

    /** Writes 100,000 trips under {@code dir} unless Parquet files are there, then runs the lesson's steps. */
    public static Result run(String dir) {
        java.io.File[] existing = new java.io.File(dir).listFiles((d, name) -> name.endsWith(".parquet"));
        if (existing == null || existing.length == 0) {
            TaxiTrips.write(dir, 100_000, 4);
        }
        Dataset dataset = Data.readParquet(dir);
        List<Dataset> split = dataset.trainTestSplit(0.3);
        Dataset train = split.get(0);
        Dataset valid = split.get(1);
        Dataset validInputs = valid.dropColumns("is_big_tip");
        return new Result(train.count(), valid.count(), validInputs.takeBatch(3));
    }
}
