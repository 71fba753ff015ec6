"""A real HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions and Gemini generateContent
REST shapes, answers from a script, and injects faults (429, 500, hang, truncated body, non-JSON).

Used by the LLM tests as the *remote model*: the clients under test (openai and google-genai SDKs
inside our backends) talk to it over real sockets. It stops itself: hangs are bounded and released
on ``stop()``.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = ("401", "404", "429", "500", "503", "hang", "truncate", "nonjson", "badshape")
_GEMINI_PATH = re.compile(r"^/(?:v1beta|v1|v1alpha)/models/([^:/]+):generateContent")


@dataclass
class Seen:
    """One request the server received."""

    kind: str  # "openai" | "gemini"
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    def prompt_text(self) -> str:
        """All message text of the request, concatenated."""
        if self.kind == "openai":
            return "\n".join(m.get("content") or "" for m in self.body.get("messages", []))
        parts = []
        system = self.body.get("systemInstruction") or self.body.get("system_instruction")
        if system:
            parts += [p.get("text", "") for p in system.get("parts", [])]
        for content in self.body.get("contents", []):
            parts += [p.get("text", "") for p in content.get("parts", [])]
        return "\n".join(parts)


Responder = Callable[[Seen], str]


@dataclass
class LoopbackLLMServer:
    """Scripted OpenAI/Gemini-shaped server. ``faults`` are consumed one per request, then ``responder``."""

    responder: Responder = field(default=lambda seen: '{"score": 1, "reason": "fine"}')
    faults: list[str] = field(default_factory=list)
    hang_seconds: float = 5.0
    reject_formats: bool = False
    """Answer 400 to requests asking for server-side structured output (like a server without it)."""
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self._send(200, {"object": "list", "data": [{"id": "loopback", "object": "model"}]})

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b"{}"
                try:
                    body = json.loads(raw or b"{}")
                except json.JSONDecodeError:
                    body = {}
                match = _GEMINI_PATH.match(self.path)
                kind = "gemini" if match else "openai"
                seen = Seen(kind, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                with server._lock:
                    server.seen.append(seen)
                    fault = server.faults.pop(0) if server.faults else None
                if fault is not None and fault != "ok":
                    self._fault(fault, kind)
                    return
                config = body.get("generationConfig") or {}
                if server.reject_formats and ("response_format" in body or "responseMimeType" in config):
                    message = (
                        "response_format is not supported"
                        if kind == "openai"
                        else "responseMimeType and response schema are not supported"
                    )
                    self._send(
                        400, {"error": {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}}
                    )
                    return
                text = server.responder(seen)
                if kind == "openai":
                    payload = _openai_reply(body, seen, text)
                else:
                    payload = _gemini_reply(match.group(1) if match else "model", seen, text)
                self._send(200, payload)

            def _send(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _fault(self, fault: str, kind: str) -> None:
                if fault in ("401", "404", "429", "500", "503"):
                    status = int(fault)
                    if kind == "openai":
                        err = {
                            "error": {"message": f"injected {status}", "type": "server_error", "code": status}
                        }
                    else:
                        err = {
                            "error": {
                                "code": status,
                                "message": f"injected {status}",
                                "status": "RESOURCE_EXHAUSTED" if status == 429 else "INTERNAL",
                            }
                        }
                    self._send(status, err, {"retry-after": "0"} if status == 429 else None)
                elif fault == "hang":
                    server._release.wait(server.hang_seconds)
                    self.close_connection = True
                elif fault == "truncate":
                    data = b'{"choices": [{"message": {"content": "half'
                    self.send_response(200)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data) + 500))
                    self.end_headers()
                    self.wfile.write(data)
                    self.wfile.flush()
                    self.close_connection = True
                elif fault == "nonjson":
                    data = b"<html><body>502 upstream garbled</body></html>"
                    self.send_response(200)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                elif fault == "badshape":
                    self._send(200, {"unexpected": True})
                else:
                    raise ValueError(f"unknown fault {fault!r}; known: {FAULTS}")

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def openai_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def gemini_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LoopbackLLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._release.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> LoopbackLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _tokens(text: str) -> int:
    return max(1, len(text.split()))


def _openai_reply(body: dict[str, Any], seen: Seen, text: str) -> dict[str, Any]:
    prompt = _tokens(seen.prompt_text())
    done = _tokens(text)
    return {
        "id": "chatcmpl-loopback",
        "object": "chat.completion",
        "created": 0,
        "model": body.get("model", "loopback"),
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": done, "total_tokens": prompt + done},
    }


def _gemini_reply(model: str, seen: Seen, text: str) -> dict[str, Any]:
    prompt = _tokens(seen.prompt_text())
    done = _tokens(text)
    return {
        "candidates": [
            {"content": {"role": "model", "parts": [{"text": text}]}, "finishReason": "STOP", "index": 0}
        ],
        "usageMetadata": {
            "promptTokenCount": prompt,
            "candidatesTokenCount": done,
            "totalTokenCount": prompt + done,
        },
        "modelVersion": model,
    }
