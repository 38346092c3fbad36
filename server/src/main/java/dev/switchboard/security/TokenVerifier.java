package dev.switchboard.security;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;

/**
 * Checks the HS256 JWT a client sends in {@code hello.token}: signature, {@code exp} (required) and
 * {@code sub} (required; sessions belong to it). The secret and the token are never logged.
 *
 * <p>Thread-safe: the underlying verifier is immutable.
 */
public final class TokenVerifier {

    /** The result: the subject, or why the token was refused. */
    public record Verdict(String subject, String problem) {
        public boolean ok() {
            return subject != null;
        }
    }

    private final JWTVerifier verifier;

    public TokenVerifier(String secret) {
        this.verifier = JWT.require(Algorithm.HMAC256(secret)).withClaimPresence("exp").withClaimPresence("sub")
                .acceptLeeway(5).build();
    }

    public Verdict verify(String token) {
        if (token == null || token.isBlank()) {
            return new Verdict(null, "a token is required in hello");
        }
        try {
            DecodedJWT jwt = verifier.verify(token);
            String subject = jwt.getSubject();
            return subject == null || subject.isBlank() ? new Verdict(null, "the token has no subject")
                    : new Verdict(subject, null);
        } catch (TokenExpiredException e) {
            return new Verdict(null, "the token has expired");
        } catch (JWTVerificationException e) {
            return new Verdict(null, "the token is not valid");
        }
    }
}
