"""Sends the binary actions of cii and cls with the official tencentcloud-sdk-python.

Usage: tc3_binary_actions.py CASES.json OUT.json CACHE_DIR

Each case (written by the Rust test ``python_signer``) names an action and its member
values. The request is built the way an SDK user builds it: the SDK's own request model
(``models.<Action>Request``), then

* cii ``DescribeQualityScore`` / ``UploadMedicalFile``: the SDK's generated client method
  (``CiiClient.<Action>``), which serializes the model and sends it as a multipart form
  with its own ``BinaryParams``;
* cls ``UploadLog``: the model's serialized members as ``X-CLS-<Member>`` headers and the
  log data as the body through ``call_octet_stream``, as the SDK's ``ClsClient.UploadLog``
  means to (its generated method refers to a ``body`` it never receives, so it cannot be
  called as is).

The HTTP layer is replaced by a recorder, the clock and the form boundary are the case's,
and the body (hex) and headers the SDK would have sent are written for the Rust test to
compare with its own request, byte for byte.
"""

import json
import os
import sys
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tcsdk import ensure_sdk  # noqa: E402


class Recorder:
    """Stands in for the SDK's HTTP layer: keeps the request, answers a success."""

    def __init__(self):
        self.sent = None

    def send_request(self, req):
        self.sent = req
        resp = mock.Mock()
        resp.status_code = 200
        resp.headers = {"Content-Type": "application/json"}
        resp.content = b'{"Response": {"RequestId": "req-1"}}'
        return resp


def main(cases_path, out_path, cache_dir):
    ensure_sdk(cache_dir)
    from tencentcloud.cii.v20210408 import cii_client
    from tencentcloud.cii.v20210408 import models as cii_models
    from tencentcloud.cls.v20201016 import cls_client
    from tencentcloud.cls.v20201016 import models as cls_models
    from tencentcloud.common import credential
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile

    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)

    results = []
    for case in cases:
        cred = credential.Credential(case["secret_id"], case["secret_key"])
        profile = ClientProfile(httpProfile=HttpProfile(endpoint=case["host"]))
        recorder = Recorder()
        values = case["values"]
        fixed = mock.Mock()
        fixed.hex = case.get("boundary", "")
        clock = mock.patch("tencentcloud.common.abstract_client.time.time", return_value=case["timestamp"])
        uuid4 = mock.patch("tencentcloud.common.abstract_client.uuid.uuid4", return_value=fixed)
        with clock, uuid4:
            if case["service"] == "cii":
                client = cii_client.CiiClient(cred, case.get("region") or "", profile)
                client.request = recorder
                req = getattr(cii_models, case["action"] + "Request")()
                for name, value in values.items():
                    setattr(req, name, bytes.fromhex(value) if name == "File" else value)
                getattr(client, case["action"])(req)
            else:
                client = cls_client.ClsClient(cred, case.get("region") or "", profile)
                client.request = recorder
                req = cls_models.UploadLogRequest()
                for name, value in values.items():
                    setattr(req, name, value)
                headers = {"X-CLS-" + k: v for k, v in req._serialize().items()}
                client.call_octet_stream("UploadLog", headers, bytes.fromhex(case["body"]))
        sent = recorder.sent
        data = sent.data if isinstance(sent.data, bytes) else sent.data.encode("utf-8")
        results.append({"id": case["id"], "body": data.hex(), "headers": dict(sent.header)})

    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(results, f, ensure_ascii=False)
    print(f"sent {len(results)} binary-action requests with tencentcloud-sdk-python", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
