package dev.trellis.core.internal.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A cluster's shared secret: one key pair every node holds, in a directory of three files: the
 * key store ({@value #KEY_STORE}), a trust store that trusts only that key's certificate
 * ({@value #TRUST_STORE}), and their password ({@value #PASSWORD}, readable by its owner only).
 * Nodes given the same directory talk TLS with mutual authentication; a node without it cannot
 * connect. The stores are PKCS12, made with the JDK's {@code keytool}.
 */
public final class ClusterKeys {
    public static final String KEY_STORE = "cluster-key.p12";
    public static final String TRUST_STORE = "cluster-trust.p12";
    public static final String PASSWORD = "password";
    private static final String ALIAS = "trellis-cluster";

    private ClusterKeys() {
    }

    /**
     * Makes new cluster keys in {@code dir} (created if missing).
     *
     * @throws IllegalArgumentException if {@code dir} already holds cluster keys
     */
    public static void generate(Path dir) {
        for (String name : List.of(KEY_STORE, TRUST_STORE, PASSWORD)) {
            if (Files.exists(dir.resolve(name))) {
                throw new IllegalArgumentException("cluster keys already exist in '" + dir + "' (" + name
                        + "); remove them first or choose another directory");
            }
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path cert = dir.resolve(ALIAS + ".crt");
        try {
            Files.createDirectories(dir);
            Path passwordFile = dir.resolve(PASSWORD);
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            ownerOnly(passwordFile);
            keytool(dir, "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + ALIAS, "-validity", "3650", "-keystore", KEY_STORE, "-storetype", "PKCS12",
                    "-storepass:file", PASSWORD);
            keytool(dir, "-exportcert", "-alias", ALIAS, "-keystore", KEY_STORE, "-storepass:file", PASSWORD,
                    "-file", cert.getFileName().toString());
            keytool(dir, "-importcert", "-noprompt", "-alias", ALIAS, "-file", cert.getFileName().toString(),
                    "-keystore", TRUST_STORE, "-storetype", "PKCS12", "-storepass:file", PASSWORD);
            ownerOnly(dir.resolve(KEY_STORE));
            Files.deleteIfExists(cert);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write cluster keys to '" + dir + "': " + e.getMessage(), e);
        }
    }

    /**
     * The TLS settings of the keys in {@code dir}.
     *
     * @throws IllegalArgumentException naming the missing or unreadable file
     */
    public static TlsOptions load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cluster keys: '" + dir + "' is not a directory (make one with"
                    + " ./trellis cluster-keys DIR)");
        }
        for (String name : List.of(KEY_STORE, TRUST_STORE, PASSWORD)) {
            if (!Files.isReadable(dir.resolve(name))) {
                throw new IllegalArgumentException("cluster keys: '" + dir.resolve(name) + "' is missing or not"
                        + " readable (make the keys with ./trellis cluster-keys DIR)");
            }
        }
        String password;
        try {
            password = Files.readString(dir.resolve(PASSWORD), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(PASSWORD), e);
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("cluster keys: '" + dir.resolve(PASSWORD) + "' is empty");
        }
        return TlsOptions.of(dir.resolve(KEY_STORE), password, dir.resolve(TRUST_STORE), password);
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: left as created
        }
    }

    private static void keytool(Path dir, String... args) throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool " + args[0] + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("keytool " + args[0] + " failed (exit " + p.exitValue() + "): " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
