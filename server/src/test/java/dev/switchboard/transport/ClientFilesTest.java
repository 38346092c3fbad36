package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.Switchboard;
import dev.switchboard.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client library is served as ES modules: /switchboard.js and the /switchboard/NAME.js it imports. */
@Timeout(30)
class ClientFilesTest {

    private static Switchboard server;
    private static final HttpClient HTTP = HttpClient.newHttpClient(); // asks for h2c: Upgrade on every request

    @BeforeAll
    static void start() {
        server = TestServers.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theLibraryAndTheModulesItImportsAreServedAsJavaScript() throws Exception {
        HttpResponse<String> entry = get("/switchboard.js");
        assertEquals(200, entry.statusCode());
        assertTrue(entry.body().contains("from './switchboard/client.js'"));
        HttpResponse<String> module = get("/switchboard/client.js");
        assertEquals(200, module.statusCode());
        assertEquals("text/javascript; charset=utf-8", module.headers().firstValue("content-type").orElseThrow());
        assertTrue(module.body().contains("export class Client"));
    }

    @Test
    void aLargeFileKeepsItsContentTypeWhenTheRequestAsksForAnUpgrade() throws Exception {
        // regression: Grizzly dropped Content-Type from bodies over its 8 KiB buffer when the request
        // had an Upgrade header (Java's HttpClient sends Upgrade: h2c), and with nosniff a browser
        // would then refuse the script
        for (String path : new String[] {"/", "/switchboard/client.js", "/metrics"}) {
            HttpResponse<String> response = get(path);
            assertTrue(response.body().length() > 8192, path + " is over the buffer");
            assertTrue(response.headers().firstValue("content-type").isPresent(), path + " has a Content-Type");
        }
    }

    @Test
    void onlyPlainModuleNamesAreServed() throws Exception {
        assertEquals(404, get("/switchboard/no-such-module.js").statusCode());
        assertEquals(404, get("/switchboard/../index.html").statusCode());
        assertEquals(404, get("/switchboard/%2e%2e/switchboard.js").statusCode());
        assertEquals(404, get("/switchboard/Client.js").statusCode());
        assertEquals(404, get("/switchboard/client.d.ts").statusCode());
    }
}
