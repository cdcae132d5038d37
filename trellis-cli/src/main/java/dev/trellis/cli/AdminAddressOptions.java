package dev.trellis.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a running instance's admin API is and how to authenticate: {@code --address} (default:
 * env {@code TRELLIS_ADDRESS}, else {@code http://127.0.0.1:8265}) and the bearer token
 * (env {@code TRELLIS_ADMIN_TOKEN}, or {@code --admin-token-file}).
 */
final class AdminAddressOptions {
    static final String DEFAULT_ADDRESS = "http://127.0.0.1:8265";
    static final String TOKEN_ENV = dev.trellis.http.AdminServer.TOKEN_ENV;

    @Option(names = "--address", paramLabel = "URL", defaultValue = "${env:TRELLIS_ADDRESS:-" + DEFAULT_ADDRESS + "}",
            description = "Admin API of the running instance (default: env TRELLIS_ADDRESS, else ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the admin API's bearer token (default: env TRELLIS_ADMIN_TOKEN).")
    Path tokenFile;

    AdminClient client() {
        return new AdminClient(address, token(tokenFile));
    }

    /** The token in {@code file}, else env TRELLIS_ADMIN_TOKEN, else null. */
    static String token(Path file) {
        return dev.trellis.http.AdminServer.readToken(file);
    }
}
