"""Issue 14.7: `govkg push` printed a credential when the server echoed the Authorization header."""
import base64

import pytest
from govkg.publish.push import PushError, put_graph
from support import recording_http_server

pytestmark = pytest.mark.slow  # builds the sample or runs a server


@pytest.mark.parametrize("creds", [{"token": "tok-3f9a8b7c6d5e"}, {"user": "editor", "password": "pa55-w0rd-x"}])
def test_an_echoed_authorization_header_is_redacted(creds):
    def echo(headers):
        return f"bad request; you sent Authorization: {headers.get('Authorization')}".encode()

    with recording_http_server(status=400, body=echo) as (url, seen):
        with pytest.raises(PushError) as caught:
            put_graph(url + "/store", "https://w3id.org/govkg/id/report/x/graph", b"", creds, timeout=10)
    message = str(caught.value)
    assert seen and "HTTP 400" in message and "[redacted]" in message
    for secret in (creds.get("token"), creds.get("password"),
                   creds.get("password") and base64.b64encode(f"{creds['user']}:{creds['password']}".encode()).decode()):
        if secret:
            assert secret not in message
