"""Real media files for tests, made here: a photo with camera data and a position (EXIF, GPS)
and a colour profile, and a short video whose picture changes colour after its first second
(so a test can tell the poster frame from the opening frame)."""

import io

import av
from PIL import Image, ImageCms

OPENING = (10, 10, 40)  # the first second: nearly black, as a fade-in
AFTER_A_SECOND = (230, 120, 20)  # orange from one second on


def photo_with_gps(size: tuple[int, int] = (1600, 1000), *, profile: bool = False) -> bytes:
    image = Image.new("RGB", size, "navy")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {1: "N", 2: (22.0, 18.0, 0.0), 3: "E", 4: (114.0, 10.0, 0.0)}  # GPS
    extra = {}
    if profile:
        extra["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, **extra)
    return out.getvalue()


def video(
    container: str = "mp4", *, seconds: float = 3.0, size: tuple[int, int] = (640, 360)
) -> bytes:
    """An MP4 (MPEG-4 part 2) or WebM (VP8) clip at 10 frames a second, a key frame every
    half second."""
    codec = {"mp4": "mpeg4", "webm": "libvpx"}[container]
    out = io.BytesIO()
    with av.open(out, "w", format=container) as clip:
        stream = clip.add_stream(codec, rate=10)
        assert isinstance(stream, av.VideoStream)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.codec_context.gop_size = 5
        for index in range(int(seconds * 10)):
            colour = OPENING if index < 10 else AFTER_A_SECOND
            frame = av.VideoFrame.from_image(Image.new("RGB", size, colour))
            for packet in stream.encode(frame):
                clip.mux(packet)
        for packet in stream.encode():
            clip.mux(packet)
    return out.getvalue()
