from tests.distribution.conftest import smtp_sink  # noqa: F401 -- the SMTP server on loopback
