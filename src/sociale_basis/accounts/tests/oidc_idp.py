"""A small OpenID Connect provider for the test suite, so OIDC login is tested end to end offline.

It implements discovery, the authorization endpoint (consent is automatic for its one test user),
the token endpoint (client secret and PKCE S256 checked, an RS256-signed id_token), userinfo and JWKS.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


@dataclass
class TestIdP:
    client_id: str
    client_secret: str
    user: dict[str, Any]
    url: str = ""
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tokens: dict[str, dict[str, Any]] = field(default_factory=dict)
    key: Any = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    token_requests: int = 0


def _b64(n: int) -> str:
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _handler(idp: TestIdP) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802
            path, _, query = self.path.partition("?")
            params = {k: v[0] for k, v in parse_qs(query).items()}
            if path == "/.well-known/openid-configuration":
                self._json(200, {
                    "issuer": idp.url,
                    "authorization_endpoint": f"{idp.url}/authorize",
                    "token_endpoint": f"{idp.url}/token",
                    "userinfo_endpoint": f"{idp.url}/userinfo",
                    "jwks_uri": f"{idp.url}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_post"],
                    "code_challenge_methods_supported": ["S256"],
                })  # fmt: skip
            elif path == "/authorize":
                if params.get("client_id") != idp.client_id:
                    self._json(400, {"error": "unauthorized_client"})
                    return
                code = secrets.token_urlsafe(16)
                idp.codes[code] = params
                target = (
                    params["redirect_uri"]
                    + "?"
                    + urlencode({"code": code, "state": params.get("state", "")})
                )
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
            elif path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in idp.tokens:
                    self._json(401, {"error": "invalid_token"})
                    return
                self._json(200, idp.user)
            elif path == "/jwks":
                numbers = idp.key.public_key().public_numbers()
                self._json(
                    200,
                    {
                        "keys": [
                            {
                                "kty": "RSA",
                                "kid": "test",
                                "use": "sig",
                                "alg": "RS256",
                                "n": _b64(numbers.n),
                                "e": _b64(numbers.e),
                            }
                        ]
                    },
                )
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", 0))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if urlsplit(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
                return
            idp.token_requests += 1
            grant = idp.codes.pop(form.get("code", ""), None)
            if (
                grant is None
                or form.get("client_id") != idp.client_id
                or form.get("client_secret") != idp.client_secret
            ):
                self._json(400, {"error": "invalid_grant"})
                return
            challenge = grant.get("code_challenge")
            if challenge:
                digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
                if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != challenge:
                    self._json(400, {"error": "invalid_grant", "error_description": "PKCE"})
                    return
            access = secrets.token_urlsafe(24)
            idp.tokens[access] = idp.user
            now = int(time.time())
            claims = {
                "iss": idp.url,
                "aud": idp.client_id,
                "iat": now,
                "exp": now + 300,
                **idp.user,
            }
            if grant.get("nonce"):
                claims["nonce"] = grant["nonce"]
            id_token = jwt.encode(claims, idp.key, algorithm="RS256", headers={"kid": "test"})
            self._json(
                200,
                {
                    "access_token": access,
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "id_token": id_token,
                },
            )

    return Handler


@contextmanager
def running_idp(*, client_id: str, client_secret: str, user: dict[str, Any]) -> Iterator[TestIdP]:
    idp = TestIdP(client_id=client_id, client_secret=client_secret, user=user)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(idp))
    idp.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield idp
    finally:
        server.shutdown()
        server.server_close()
