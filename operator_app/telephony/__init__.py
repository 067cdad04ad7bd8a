"""The operator's phone: a pjsua2 SIP endpoint behind a Qt facade.

- `facade.Phone` (QObject): what the desktop uses; signals carry the frozen
  snapshots of `models` (registration, ringing, call changes, call summary,
  media stats, OPTIONS RTT, errors).
- `engine.Engine`: the one thread that owns pjsua2, with a plain-Python
  listener interface (`EngineListener`); `__main__` is the console softphone.
- `config.SipConfig`, `caller_id` (SIP identity -> E.164), `quality` (E-model MOS).
- `monitor`: a shift lead's listen / whisper / barge, mixed in the operator's bridge.

Only this package imports pjsua2, and no pjsua2 object ever leaves it.
Importing the package itself does not load pjsua2 (models and config are pure).
"""
