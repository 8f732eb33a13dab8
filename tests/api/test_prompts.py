"""Prompts, call recordings and voicemail through the API: uploads converted once (any WAV
flavour in, 8 kHz mono out), refused uploads (not audio, too long, too large) naming the body
and storing nothing, each tenant seeing only its own; call audio downloaded by who may read
the call, never from outside media.dir; the recording setting of numbers and advertisers."""

import io
import json
import math
import os
import struct
import time
import unittest
import urllib.parse
import wave

from harness import ApiTestCase
from test_openapi import Validator, load_spec
from world import World

PROMPTS = "/api/v1/prompts"


def wav_bytes(seconds, rate=16000, channels=2, hz=440.0):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = bytearray()
        for i in range(int(seconds * rate)):
            v = int(8000 * math.sin(2 * math.pi * hz * i / rate))
            frames += struct.pack("<h", v) * channels
        w.writeframes(bytes(frames))
    return buf.getvalue()


def call_record(trn, num, adv, op_id, recording="", voicemail=""):
    return {"trn_id": trn, "state": "finished", "din_id": num["number"], "operator_id": op_id,
            "client_id": adv["id"], "client_name": adv["name"], "dialin_id": num["id"],
            "dialin_name": num["name"], "fwd_id": "0312340000",
            "din_tms": "2026-11-20T01:00:00.000Z", "eoc_tms": "2026-11-20T01:01:00.000Z",
            "dial_stat": "answered", "hup_usr": "caller", "talking_ms": 60000, "attempts": [],
            "recording": recording, "recording_ms": 60000 if recording else 0,
            "voicemail": voicemail, "voicemail_ms": 3000 if voicemail else 0}


class PromptsTest(ApiTestCase):
    @classmethod
    def seed(cls):
        w = cls.w = World(cls.server)
        d = cls.server.dir
        cls.media = os.path.join(d, "media")
        rec_dir = os.path.join(cls.media, "recordings")
        vm_dir = os.path.join(cls.media, "voicemail")
        os.makedirs(rec_dir)
        os.makedirs(vm_dir)
        cls.rec_a = wav_bytes(1.0, rate=8000, channels=2)
        cls.vm_a = wav_bytes(0.5, rate=8000, channels=1)
        cls.opus_b = b"OggS" + bytes(200)
        with open(os.path.join(rec_dir, "A" * 24 + ".wav"), "wb") as f:
            f.write(cls.rec_a)
        with open(os.path.join(vm_dir, "A" * 24 + ".wav"), "wb") as f:
            f.write(cls.vm_a)
        with open(os.path.join(rec_dir, "B" * 24 + ".opus"), "wb") as f:
            f.write(cls.opus_b)
        outside = os.path.join(d, "outside.wav")
        with open(outside, "wb") as f:
            f.write(cls.rec_a)
        recs = [
            call_record("A" * 24, w.num_a, w.adv_a, w.x.id,
                        os.path.join(rec_dir, "A" * 24 + ".wav"),
                        os.path.join(vm_dir, "A" * 24 + ".wav")),
            call_record("B" * 24, w.num_b, w.adv_b, w.x.id,
                        os.path.join(rec_dir, "B" * 24 + ".opus")),
            call_record("A" * 23 + "2", w.num_a, w.adv_a, w.x.id),  # nothing recorded
            call_record("A" * 23 + "3", w.num_a, w.adv_a, w.x.id, outside),  # not below media
        ]
        # Limits small enough to test: 1 MB, 5 s; the HTTP body limit above them.
        cls.server.stop(keep_folder=True)
        with open(cls.server.conf, "a") as f:
            f.write(f"[media]\ndir = {cls.media}\nupload_max_mb = 1\nupload_max_seconds = 5\n"
                    "[http]\nmax_body_bytes = 4194304\n")
        with open(f"{d}/calllog.journal", "w") as f:
            for r in recs:
                f.write(json.dumps(r) + "\n")
        cls.server.start()
        cls.sys = cls.server.client(cls.sys_key)
        cls.anon = cls.server.client()
        cls.x = cls.server.client(w.x.admin_key)
        cls.y = cls.server.client(w.y.admin_key)
        cls.a = cls.server.client(w.key_a["key"])
        cls.b = cls.server.client(w.key_b["key"])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if cls.sys.get("/api/v1/calls").json["total"] == len(recs):
                break
            time.sleep(0.05)

    def upload(self, client, data, name="Welcome", query="", content_type="audio/wav"):
        q = f"?name={urllib.parse.quote(name)}" if name is not None else "?"
        return client.request("POST", f"{PROMPTS}{q}{query}", raw=data,
                              content_type=content_type)

    def prompt_files(self):
        d = os.path.join(self.media, "prompts")
        return sorted(os.listdir(d)) if os.path.isdir(d) else []

    # --- prompts -------------------------------------------------------------------------------

    def test_upload_is_converted_and_downloadable(self):
        r = self.upload(self.a, wav_bytes(1.5), name="A welcome")
        p = self.created(r, PROMPTS)
        self.assertRegex(p["id"], r"^[0-9a-f]{32}$")
        self.assertEqual((p["name"], p["advertiser_id"], p["operator_id"]),
                         ("A welcome", self.w.adv_a["id"], self.w.x.id))
        self.assertAlmostEqual(p["duration_ms"], 1500, delta=20)
        self.assertAlmostEqual(p["samples"], 12000, delta=160)
        self.assertEqual(p["sample_rate"], 8000)
        self.assertEqual(p["audio_url"], f"{PROMPTS}/{p['id']}/audio")
        self.assertEqual(self.a.get(f"{PROMPTS}/{p['id']}").json, p)
        audio = self.a.get(p["audio_url"])
        self.assertStatus(audio, 200)
        self.assertEqual(audio.content_type, "audio/wav")
        with wave.open(io.BytesIO(audio.body)) as w:
            self.assertEqual((w.getframerate(), w.getnchannels(), w.getsampwidth(),
                              w.getnframes()), (8000, 1, 2, p["samples"]))
        # The operator downloads the same bytes; a range is a slice of them.
        self.assertEqual(self.x.get(p["audio_url"]).body, audio.body)
        part = self.x.get(p["audio_url"], headers={"Range": "bytes=10-19"})
        self.assertStatus(part, 206)
        self.assertEqual(part.body, audio.body[10:20])
        self.assertEqual(part.headers.get("Content-Range"), f"bytes 10-19/{len(audio.body)}")

    def test_each_tenant_sees_its_own_prompts(self):
        a = self.created(self.upload(self.a, wav_bytes(0.5), name="mine"), PROMPTS)
        op = self.created(self.upload(self.x, wav_bytes(0.5), name="operator menu"), PROMPTS)
        b = self.created(self.upload(self.x, wav_bytes(0.5), name="for B",
                                     query=f"&advertiser_id={self.w.adv_b['id']}"), PROMPTS)
        self.assertIsNone(op["advertiser_id"])
        self.assertEqual(b["advertiser_id"], self.w.adv_b["id"])
        a_ids = self.ids(self.a, PROMPTS)
        self.assertIn(a["id"], a_ids)
        self.assertNotIn(op["id"], a_ids)
        self.assertNotIn(b["id"], a_ids)
        self.assertEqual(set(self.ids(self.b, PROMPTS)) & {a["id"], op["id"], b["id"]},
                         {b["id"]})
        self.assertLessEqual({a["id"], op["id"], b["id"]}, set(self.ids(self.x, PROMPTS)))
        self.assertEqual(self.ids(self.x, f"{PROMPTS}?advertiser_id=0").count(op["id"]), 1)
        self.assertNotIn(a["id"], self.ids(self.y, PROMPTS))
        for client, pid in [(self.b, a["id"]), (self.y, a["id"]), (self.a, op["id"])]:
            for method, path in [("GET", f"{PROMPTS}/{pid}"), ("GET", f"{PROMPTS}/{pid}/audio"),
                                 ("DELETE", f"{PROMPTS}/{pid}")]:
                with self.subTest(method=method, path=path):
                    self.assertProblem(client.request(method, path), 404)
        self.assertProblem(self.b.patch(f"{PROMPTS}/{a['id']}", {"name": "stolen"}), 404)
        # An advertiser user cannot upload for another advertiser.
        r = self.upload(self.a, wav_bytes(0.5), query=f"&advertiser_id={self.w.adv_b['id']}")
        self.assertProblem(r, 400, ["advertiser_id"])

    def test_refused_uploads_store_nothing(self):
        before_files = self.prompt_files()
        before = self.x.get(PROMPTS).json["total"]
        cases = [
            (b"RIFF\x10\x00\x00\x00WAVEjunkjunkjunk" * 10, 422, "not an audio file"),
            (wav_bytes(6.0, rate=8000, channels=1), 422, "too long"),
            (wav_bytes(6.0, rate=48000, channels=2), 413, "too large"),  # 1.1 MB > 1 MB
            (b"", 422, ""),
        ]
        for data, status, words in cases:
            with self.subTest(status=status, size=len(data)):
                p = self.assertProblem(self.upload(self.x, data), status, ["body"])
                self.assertIn(words, p["errors"][0]["reason"])
        self.assertProblem(self.upload(self.x, wav_bytes(0.5), name=None), 400, ["name"])
        self.assertProblem(self.upload(self.x, wav_bytes(0.5), name="x",
                                       query="&advertiser_id=abc"), 400, ["advertiser_id"])
        self.assertProblem(self.upload(self.x, b"hello", content_type="text/plain"), 415)
        self.assertProblem(self.upload(self.x, b"{}", content_type="application/json"), 400)
        self.assertProblem(self.upload(self.anon, wav_bytes(0.5)), 401)
        self.assertEqual(self.prompt_files(), before_files)
        self.assertEqual(self.x.get(PROMPTS).json["total"], before)

    def test_rename_and_delete(self):
        p = self.created(self.upload(self.a, wav_bytes(0.5), name="old"), PROMPTS)
        url = f"{PROMPTS}/{p['id']}"
        r = self.a.patch(url, {"name": "new name"})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["name"], "new name")
        self.assertProblem(self.a.patch(url, {"name": ""}), 400, ["/name"])
        self.assertProblem(self.a.patch(url, {"name": "x", "colour": 1}), 400, ["/colour"])
        self.assertIn(p["id"] + ".wav", self.prompt_files())
        self.assertStatus(self.a.delete(url), 204)
        self.assertProblem(self.a.get(url), 404)
        self.assertProblem(self.a.get(url + "/audio"), 404)
        self.assertProblem(self.a.delete(url), 404)
        self.assertNotIn(p["id"] + ".wav", self.prompt_files())
        self.assertProblem(self.x.get(f"{PROMPTS}/..%2F..%2Fhankyo.db"), 404)

    # --- call audio ----------------------------------------------------------------------------

    def test_recording_and_voicemail_downloads(self):
        trn = "A" * 24
        c = self.a.get(f"/api/v1/calls/{trn}").json
        self.assertEqual(c["recording_url"], f"/api/v1/calls/{trn}/recording")
        self.assertEqual(c["voicemail_url"], f"/api/v1/calls/{trn}/voicemail")
        self.assertNotIn("recording", c)
        self.assertNotIn("voicemail", c)
        self.assertEqual((c["recording_ms"], c["voicemail_ms"]), (60000, 3000))
        r = self.a.get(c["recording_url"])
        self.assertStatus(r, 200)
        self.assertEqual((r.content_type, r.body), ("audio/wav", self.rec_a))
        self.assertEqual(self.x.get(c["voicemail_url"]).body, self.vm_a)
        tail = self.a.get(c["recording_url"], headers={"Range": "bytes=-100"})
        self.assertStatus(tail, 206)
        self.assertEqual(tail.body, self.rec_a[-100:])
        self.assertProblem(self.a.get(c["recording_url"],
                                      headers={"Range": f"bytes={len(self.rec_a)}-"}), 416)
        # Another advertiser, another operator: as if there were no such call.
        self.assertProblem(self.b.get(c["recording_url"]), 404)
        self.assertProblem(self.y.get(c["voicemail_url"]), 404)
        self.assertProblem(self.anon.get(c["recording_url"]), 401)

    def test_opus_recordings_are_ogg(self):
        trn = "B" * 24
        r = self.b.get(f"/api/v1/calls/{trn}/recording")
        self.assertStatus(r, 200)
        self.assertEqual((r.content_type, r.body), ("audio/ogg", self.opus_b))
        self.assertProblem(self.b.get(f"/api/v1/calls/{trn}/voicemail"), 404)
        self.assertIsNone(self.b.get(f"/api/v1/calls/{trn}").json["voicemail_url"])

    def test_calls_without_a_file_below_media_answer_404(self):
        none = self.a.get("/api/v1/calls/" + "A" * 23 + "2").json
        self.assertIsNone(none["recording_url"])
        self.assertProblem(self.a.get("/api/v1/calls/" + "A" * 23 + "2/recording"), 404)
        # The log names a file outside media.dir: never served.
        self.assertProblem(self.a.get("/api/v1/calls/" + "A" * 23 + "3/recording"), 404)
        self.assertProblem(self.a.get("/api/v1/calls/NOSUCHCALL/recording"), 404)

    # --- the answers are the documented ones ------------------------------------------------

    def test_answers_match_docs_openapi(self):
        spec = load_spec()
        v = Validator(spec)
        p = self.created(self.upload(self.x, wav_bytes(0.5), name="doc"), PROMPTS)
        pid, trn = p["id"], "A" * 24
        calls = [
            ("POST", PROMPTS, self.upload(self.x, wav_bytes(0.5), name="doc2")),
            ("POST", PROMPTS, self.upload(self.x, b"junk")),
            ("POST", PROMPTS, self.upload(self.x, b"x", content_type="text/plain")),
            ("GET", PROMPTS, self.x.get(PROMPTS)),
            ("GET", PROMPTS + "/{id}", self.x.get(f"{PROMPTS}/{pid}")),
            ("PATCH", PROMPTS + "/{id}", self.x.patch(f"{PROMPTS}/{pid}", {"name": "doc3"})),
            ("GET", PROMPTS + "/{id}/audio", self.x.get(f"{PROMPTS}/{pid}/audio")),
            ("GET", PROMPTS + "/{id}/audio",
             self.x.get(f"{PROMPTS}/{pid}/audio", headers={"Range": "bytes=0-9"})),
            ("GET", "/api/v1/calls/{trn_id}", self.x.get(f"/api/v1/calls/{trn}")),
            ("GET", "/api/v1/calls/{trn_id}/recording", self.x.get(f"/api/v1/calls/{trn}/recording")),
            ("GET", "/api/v1/calls/{trn_id}/voicemail",
             self.x.get(f"/api/v1/calls/{trn}/voicemail", headers={"Range": "bytes=999999-"})),
            ("GET", "/api/v1/numbers/{id}", self.x.get(f"/api/v1/numbers/{self.w.num_a['id']}")),
            ("GET", "/api/v1/advertisers/{id}",
             self.x.get(f"/api/v1/advertisers/{self.w.adv_a['id']}")),
            ("DELETE", PROMPTS + "/{id}", self.x.delete(f"{PROMPTS}/{pid}")),
        ]
        for method, path, reply in calls:
            with self.subTest(method=method, path=path, status=reply.status):
                op = spec["paths"][path][method.lower()]
                self.assertIn(str(reply.status), op["responses"], repr(reply))
                res = v.resolve(op["responses"][str(reply.status)])
                content = res.get("content")
                if not content:
                    self.assertEqual(reply.body, b"")
                    continue
                self.assertIn(reply.content_type, content)
                if "json" in reply.content_type:
                    schema = content[reply.content_type]["schema"]
                    self.assertEqual(v.errors(reply.json, schema), [], repr(reply))

    # --- recording settings --------------------------------------------------------------------

    def test_recording_settings_of_numbers_and_advertisers(self):
        num = f"/api/v1/numbers/{self.w.num_a['id']}"
        adv = f"/api/v1/advertisers/{self.w.adv_a['id']}"
        self.assertEqual(self.x.get(num).json["recording"],
                         {"mode": "inherit", "consent_prompt": None, "consent_text": None})
        r = self.x.patch(adv, {"recording": {"mode": "stereo",
                                             "consent_text": "この通話は録音されます"}})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["recording"]["mode"], "stereo")
        # Recording is the operator's to sell: an advertiser user may not change it.
        self.assertProblem(self.a.patch(num, {"recording": {"mode": "off"}}), 403)
        r = self.x.patch(num, {"recording": {"mode": "caller"}})
        self.assertStatus(r, 200)
        self.assertEqual(self.a.get(num).json["recording"]["mode"], "caller")
        self.assertEqual(self.x.get(adv).json["recording"]["consent_text"], "この通話は録音されます")
        for body, field in [({"recording": {"mode": "loud"}}, "/recording/mode"),
                            ({"recording": {"consent_prompt": "x"}}, "/recording/consent_prompt"),
                            ({"recording": "stereo"}, "/recording"),
                            ({"recording": {"mode": "off", "when": 1}}, "/recording/when")]:
            with self.subTest(body=body):
                self.assertProblem(self.x.patch(num, body), 400, [field])
        self.assertEqual(self.a.get(num).json["recording"]["mode"], "caller")
        # A consent prompt must be one the number's owner may use.
        mine = self.created(self.upload(self.a, wav_bytes(0.5), name="consent"), PROMPTS)
        theirs = self.created(self.upload(self.b, wav_bytes(0.5), name="consent"), PROMPTS)
        r = self.x.patch(num, {"recording": {"consent_prompt": mine["id"]}})
        self.assertStatus(r, 200)
        self.assertEqual(r.json["recording"],
                         {"mode": "caller", "consent_prompt": mine["id"], "consent_text": None})
        self.assertProblem(self.x.patch(num, {"recording": {"consent_prompt": theirs["id"]}}),
                           400, ["/recording/consent_prompt"])
        self.assertProblem(self.x.patch(adv, {"recording": {"consent_text": None,
                                                            "consent_prompt": theirs["id"]}}),
                           400, ["/recording/consent_prompt"])


if __name__ == "__main__":
    unittest.main()
