package dev.switchboard.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * The plain-HTTP side of the port: {@code /healthz}, {@code /readyz}, {@code /metrics}, and the
 * client-js files ({@code /}, {@code /switchboard.js} and the modules it imports,
 * {@code /switchboard/NAME.js}), which are read from the jar once.
 *
 * <p>Concurrency: Grizzly calls {@link #service} on worker threads; the handler holds only final
 * fields, {@code modules} is a concurrent map, and the suppliers it is given are thread-safe.
 */
final class HttpRoutes extends HttpHandler {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String JS = "text/javascript; charset=utf-8";
    /** The client library's modules: a plain name, so no path can leave {@code web/switchboard/}. */
    private static final Pattern MODULE = Pattern.compile("/switchboard/[a-z][a-z0-9-]*\\.js");

    private final BooleanSupplier ready;
    private final Supplier<String> metrics;
    private final Map<String, StaticFile> files;
    private final Map<String, StaticFile> modules = new ConcurrentHashMap<>(); // found ones only

    HttpRoutes(BooleanSupplier ready, Supplier<String> metrics) {
        this.ready = ready;
        this.metrics = metrics;
        this.files = Map.of(
                "/", StaticFile.load("web/index.html", "text/html; charset=utf-8"),
                "/index.html", StaticFile.load("web/index.html", "text/html; charset=utf-8"),
                "/switchboard.js", StaticFile.load("web/switchboard.js", JS));
    }

    @Override
    public void service(Request request, Response response) throws IOException {
        if (request.getMethod() != Method.GET && request.getMethod() != Method.HEAD) {
            response.setHeader("Allow", "GET, HEAD");
            write(response, 405, TEXT, "method not allowed\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String path = request.getRequestURI();
        switch (path) {
            case "/healthz" -> write(response, 200, TEXT, bytes("ok\n"));
            case "/readyz" -> {
                boolean ok = ready.getAsBoolean();
                write(response, ok ? 200 : 503, TEXT, bytes(ok ? "ready\n" : "not ready\n"));
            }
            case "/metrics" -> write(response, 200, "text/plain; version=0.0.4; charset=utf-8", bytes(metrics.get()));
            default -> {
                StaticFile file = files.containsKey(path) ? files.get(path) : module(path);
                if (file == null || file.body == null) {
                    write(response, 404, TEXT, bytes("not found\n"));
                } else {
                    response.setHeader("Cache-Control", "no-cache");
                    write(response, 200, file.contentType, file.body);
                }
            }
        }
    }

    /** A module of the client library, or null; misses are not cached, so the map stays small. */
    private StaticFile module(String path) {
        if (!MODULE.matcher(path).matches()) {
            return null;
        }
        StaticFile file = modules.get(path);
        if (file == null) {
            file = StaticFile.load("web" + path, JS);
            if (file.body != null) {
                modules.putIfAbsent(path, file);
            }
        }
        return file;
    }

    private static void write(Response response, int status, String contentType, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        // Grizzly skips adding Content-Type to a response whose request carries any Upgrade header
        // (Java's HttpClient asks for h2c) once the body outgrows its buffer: set the header itself.
        response.getResponse().getHeaders().setValue(Header.ContentType).setString(contentType);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A file from the jar; {@code body} is null when it was not packaged. */
    private record StaticFile(String contentType, byte[] body) {
        static StaticFile load(String resource, String contentType) {
            try (InputStream in = HttpRoutes.class.getClassLoader().getResourceAsStream(resource)) {
                return new StaticFile(contentType, in == null ? null : in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
