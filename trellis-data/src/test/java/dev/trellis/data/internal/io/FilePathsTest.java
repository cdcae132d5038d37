package dev.trellis.data.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePathsTest {
    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        for (String f : List.of("a.parquet", "b.csv", "_SUCCESS", "sub/part-1.parquet", "sub/deep/part-2.parquet",
                "sub/notes.txt", "part-0.parquet", "img/cat.PNG", "img/dog.jpg", "img/x.jpeg", "img/readme.md",
                "j/x.json", "j/y.jsonl")) {
            Path p = dir.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, f);
        }
    }

    private List<Path> files(String... names) {
        return java.util.Arrays.stream(names).map(dir::resolve).sorted().toList();
    }

    @Test
    void aFileIsTakenAsItIsWhateverItsName() {
        assertThat(FilePaths.expand(List.of(dir.resolve("sub/notes.txt").toString()), "parquet"))
                .isEqualTo(files("sub/notes.txt"));
    }

    @Test
    void aDirectoryGivesItsFilesOfTheFormatAtAnyDepth() {
        assertThat(FilePaths.expand(List.of(dir.toString()), "parquet"))
                .isEqualTo(files("a.parquet", "part-0.parquet", "sub/deep/part-2.parquet", "sub/part-1.parquet"));
        assertThat(FilePaths.expand(List.of(dir.resolve("j").toString()), "json")).isEqualTo(files("j/x.json",
                "j/y.jsonl"));
        assertThat(FilePaths.expand(List.of(dir.resolve("img").toString()), "images"))
                .isEqualTo(files("img/cat.PNG", "img/dog.jpg", "img/x.jpeg"));
        assertThat(FilePaths.expand(List.of(dir.resolve("img").toString()), "binary"))
                .isEqualTo(files("img/cat.PNG", "img/dog.jpg", "img/readme.md", "img/x.jpeg"));
    }

    @Test
    void aGlobMatchesRelativeToItsFixedPrefix() {
        assertThat(FilePaths.expand(List.of(dir + "/*.csv"), "csv")).isEqualTo(files("b.csv"));
        assertThat(FilePaths.expand(List.of(dir + "/*.parquet"), "parquet"))
                .isEqualTo(files("a.parquet", "part-0.parquet"));
        assertThat(FilePaths.expand(List.of(dir + "/sub/*/part-?.parquet"), "parquet"))
                .isEqualTo(files("sub/deep/part-2.parquet"));
        assertThat(FilePaths.expand(List.of(dir + "/**/part-*.parquet"), "parquet"))
                .as("** matches no directory too")
                .isEqualTo(files("part-0.parquet", "sub/deep/part-2.parquet", "sub/part-1.parquet"));
        assertThat(FilePaths.expand(List.of(dir + "/img/*.{png,PNG,jpg}"), "images"))
                .isEqualTo(files("img/cat.PNG", "img/dog.jpg"));
    }

    @Test
    void pathsAreSortedWithoutRepeats() {
        assertThat(FilePaths.expand(List.of(dir.resolve("sub/part-1.parquet").toString(), dir + "/sub",
                dir + "/sub/../a.parquet", dir + "/**/part-1.parquet"), "parquet"))
                .isEqualTo(files("a.parquet", "sub/deep/part-2.parquet", "sub/part-1.parquet"));
    }

    @Test
    void aMissingPathIsNamed() {
        Path missing = dir.resolve("x/y.parquet");

        assertThatThrownBy(() -> FilePaths.expand(List.of(dir.resolve("a.parquet").toString(), missing.toString()),
                "parquet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no such file or directory: " + missing);
    }

    @Test
    void aGlobThatMatchesNothingIsNamed() {
        String glob = dir + "/*.avro";

        assertThatThrownBy(() -> FilePaths.expand(List.of(glob), "parquet"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the glob " + glob + " matches no file");
        assertThatThrownBy(() -> FilePaths.expand(List.of(dir + "/nowhere/*.csv"), "csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nowhere/*.csv matches no file");
    }

    @Test
    void aDirectoryWithoutFilesOfTheFormatIsNamed() {
        assertThatThrownBy(() -> FilePaths.expand(List.of(dir.resolve("img").toString()), "csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the directory " + dir.resolve("img") + " holds no .csv (csv) file");
    }

    @Test
    void anUnknownFormatOrNoPathsAreRefused() {
        assertThatThrownBy(() -> FilePaths.expand(List.of(dir.toString()), "avro"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown format 'avro'");
        assertThatThrownBy(() -> FilePaths.expand(List.of(), "csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no paths given");
    }
}
