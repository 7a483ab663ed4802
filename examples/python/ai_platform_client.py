"""Client of Qiao's AI-platform API (seed 001, "AI中台"), standard library only (urllib).

    from examples.ai_platform_client import AIPlatformClient
    client = AIPlatformClient()            # AI_PLATFORM_BASE_URL, default http://localhost:8000
    print(client.chat(service_name="coze", messages=[{"role": "user", "content": "你好"}]))

Set AI_PLATFORM_API_KEY (or pass api_key=) when the gateway key is on.
"""
import json
import os
import threading
import urllib.error
import urllib.parse
import urllib.request


class AIPlatformError(Exception):
    """An error answer of the gateway, or a failure reported inside a stream."""

    def __init__(self, message, status=None, code=None):
        super().__init__(message)
        self.status = status
        self.code = code


class AIPlatformClient:
    def __init__(self, base_url=None, api_key=None, timeout=300):
        self.base_url = (base_url or os.environ.get("AI_PLATFORM_BASE_URL") or "http://localhost:8000").rstrip("/")
        self.api_key = api_key or os.environ.get("AI_PLATFORM_API_KEY")
        self.timeout = timeout

    # --- plumbing -------------------------------------------------------------------------
    def _open(self, method, path, body=None):
        headers = {"Accept": "application/json, text/event-stream"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        if self.api_key:
            headers["Authorization"] = "Bearer " + self.api_key
        request = urllib.request.Request(self.base_url + path, data=data, headers=headers, method=method)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            raise self._error(error.code, error.read().decode("utf-8", "replace")) from None

    @staticmethod
    def _error(status, text):
        try:
            body = json.loads(text)
        except ValueError:
            return AIPlatformError("HTTP %s: %s" % (status, text[:200]), status)
        error = body.get("error") or {}
        return AIPlatformError(error.get("message") or body.get("detail") or "HTTP %s" % status, status, error.get("code"))

    def _json(self, method, path, body=None):
        with self._open(method, path, body) as response:
            return json.loads(response.read().decode("utf-8"))

    def _stream(self, path, body, callback):
        """Reads the SSE events; calls callback(data, chunk_text, full_text) per chunk; returns the full text."""
        full_text = ""
        with self._open("POST", path, body) as response:
            data_lines = []
            for raw in response:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("data:"):
                    data_lines.append(line[6:] if line.startswith("data: ") else line[5:])
                    continue
                if line or not data_lines:
                    continue
                payload, data_lines = "\n".join(data_lines), []
                if payload == "[DONE]":
                    break
                data = json.loads(payload)
                if data.get("type") == "error":
                    error = data.get("error") or {}
                    raise AIPlatformError(error.get("message") or "the stream failed", 200, error.get("code"))
                full_text = data.get("full_text", full_text)
                if data.get("type") == "chunk" and callback is not None:
                    callback(data, data.get("chunk", ""), full_text)
        return full_text

    # --- the seed's methods ---------------------------------------------------------------
    def list_services(self, service_type=None):
        """GET /ai/services (optionally only one service_type: chat, workflow, embedding)."""
        query = "?" + urllib.parse.urlencode({"service_type": service_type}) if service_type else ""
        return self._json("GET", "/ai/services" + query)["services"]

    def chat(self, service_name, messages, parameters=None, service_type="chat"):
        """POST /ai/chat; returns the answer (content, usage, …)."""
        body = {"service_type": service_type, "service_name": service_name, "messages": messages,
                "parameters": parameters or {}, "stream": False}
        return self._json("POST", "/ai/chat", body)

    def stream_chat(self, service_name, messages, parameters=None, callback=None, service_type="chat"):
        """POST /ai/chat/stream; callback(data, chunk_text, full_text) per chunk; returns the full text."""
        body = {"service_type": service_type, "service_name": service_name, "messages": messages,
                "parameters": parameters or {}, "stream": True}
        return self._stream("/ai/chat/stream", body, callback)

    def workflow(self, service_name, parameters=None, service_type="workflow"):
        """POST /ai/workflow; returns the run's output (content, output, …)."""
        body = {"service_type": service_type, "service_name": service_name, "parameters": parameters or {}, "stream": False}
        return self._json("POST", "/ai/workflow", body)

    def stream_workflow(self, service_name, parameters=None, callback=None, service_type="workflow"):
        """POST /ai/workflow/stream; callback(data, chunk_text, full_text) per chunk; returns the full text."""
        body = {"service_type": service_type, "service_name": service_name, "parameters": parameters or {}, "stream": True}
        return self._stream("/ai/workflow/stream", body, callback)

    def start_heartbeat(self, interval=60):
        """Calls GET /heartbeat every `interval` seconds in a daemon thread (seed 000's sidecar); returns a stop function."""
        stopped = threading.Event()

        def beat():
            while True:
                try:
                    self._json("GET", "/heartbeat")
                except Exception:  # noqa: BLE001 - a missed beat is retried at the next interval
                    pass
                if stopped.wait(interval):
                    return

        threading.Thread(target=beat, name="ai-platform-heartbeat", daemon=True).start()
        return stopped.set
