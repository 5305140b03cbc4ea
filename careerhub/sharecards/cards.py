"""Share cards: the 1200x630 PNG that og:image points to, drawn on the server with Pillow.

A card shows public facts only (a page's title and its key figure), so one image serves every
visitor; it is cached under a hash of what it shows, so an edit draws a new one and nothing
else does.
"""

import hashlib
import io
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw, ImageFont

from certifications.models import Certification
from roles.models import MAX_COMPARED, MIN_COMPARED, Role, comparison_url

WIDTH, HEIGHT = 1200, 630
DESIGN = 1  # bump when the drawing changes, so cached cards are redrawn
INK, PAPER, ACCENT, SOFT = "#1d2433", "#ffffff", "#9fb1ff", "#c9d1e6"
SERIES = ["#56b4e9", "#f0894a", "#33c193", "#e07fb3", "#c4c4c4"]
FONT_DIRS = ["/usr/share/fonts/truetype/dejavu/"]
CARD_TIMEOUT = 60 * 60 * 24 * 30


@dataclass(frozen=True)
class Card:
    kicker: str
    title: str
    figure: str
    chips: tuple = ()

    def key(self):
        text = "\x1f".join([str(DESIGN), self.kicker, self.title, self.figure, *self.chips])
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def role_card(key):
    role = Role.objects.published().filter(slug=key).first()
    if role is None:
        raise Http404("No such role.")
    return Card("Role profile", role.name, f"{role.spectrum_label} · {role.summary}")


def comparison_card(key):
    slugs = key.split("-vs-")
    if not MIN_COMPARED <= len(slugs) <= MAX_COMPARED or len(set(slugs)) != len(slugs):
        raise Http404("A comparison holds 2 to 5 different roles.")
    roles = list(Role.objects.published().filter(slug__in=slugs))
    if len(roles) != len(slugs) or comparison_url(roles) != f"/compare/{key}/":
        raise Http404("Not a comparison page.")
    roles.sort(key=lambda role: (role.display_order, role.name))
    names = [role.name for role in roles]
    return Card("Comparison", " vs ".join(names), f"{len(roles)} roles side by side", tuple(names))


def certification_card(key):
    cert = Certification.objects.published().select_related("provider", "successor").filter(slug=key).first()
    if cert is None:
        raise Http404("No such certification.")
    status = cert.get_status_display()
    if cert.retires_on:
        verb = "Retired" if cert.is_retired else "Retiring"
        status = f"{verb} on {cert.retires_on:%-d %B %Y}"
        if cert.successor_id:
            status += f"; replaced by {cert.successor.short_name}"
    name = f"{cert.exam_code}: {cert.name}" if cert.exam_code else cert.name
    return Card(f"Certification · {cert.provider.name}", name, status)


def fit_card(key):
    """The questionnaire result card: only the top role, never the answers or the scores."""
    role = Role.objects.published().filter(slug=key).first()
    if role is None:
        raise Http404("No such role.")
    return Card("Role-fit questionnaire", f"Best fit: {role.name}", role.summary)


CARDS = {"role": role_card, "compare": comparison_card, "certification": certification_card, "fit": fit_card}


@require_safe
def share_card(request, kind, key):
    if kind not in CARDS or len(key) > 300:
        raise Http404("No such card.")
    card = CARDS[kind](key.lower())
    cache_key = f"share-card:{card.key()}"
    png = cache.get(cache_key)
    if png is None:
        png = draw(card)
        cache.set(cache_key, png, CARD_TIMEOUT)
    response = HttpResponse(png, content_type="image/png")
    response["ETag"] = f'"{card.key()}"'
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response


@lru_cache(maxsize=16)
def font(size, bold=False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for directory in FONT_DIRS:
        try:
            return ImageFont.truetype(directory + name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)  # Pillow's own scalable font when DejaVu is missing


def wrap(text, face, width, max_lines):
    """Lines of ``text`` no wider than ``width`` pixels (greedy, by word); the last ends in … if cut."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and face.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" .,;:") + "…"
    return lines


def draw(card):
    image = Image.new("RGB", (WIDTH, HEIGHT), INK)
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 0, 18, HEIGHT], fill=ACCENT)
    left, right = 80, WIDTH - 80
    pen.text((left, 64), settings.SITE_NAME.upper(), font=font(26, bold=True), fill=ACCENT)
    pen.text((left, 108), card.kicker, font=font(30), fill=SOFT)

    size = 76
    title_lines = wrap(card.title, font(size, bold=True), right - left, 3)
    if len(title_lines) > 2:
        size = 60
        title_lines = wrap(card.title, font(size, bold=True), right - left, 3)
    y = 170
    for line in title_lines:
        pen.text((left, y), line, font=font(size, bold=True), fill=PAPER)
        y += int(size * 1.2)

    y += 24
    if card.chips:
        x = left
        for index, chip in enumerate(card.chips):
            face = font(30, bold=True)
            width = int(face.getlength(chip)) + 48
            if x + width > right:
                x, y = left, y + 64
            pen.rounded_rectangle([x, y, x + width, y + 50], radius=25, fill=SERIES[index % len(SERIES)])
            pen.text((x + 24, y + 9), chip, font=face, fill=INK)
            x += width + 16
        y += 74
    for line in wrap(card.figure, font(34), right - left, 3 if not card.chips else 1):
        if y > HEIGHT - 110:
            break
        pen.text((left, y), line, font=font(34), fill=SOFT)
        y += 46

    host = urlsplit(settings.SITE_URL).hostname or ""
    pen.text((left, HEIGHT - 72), host, font=font(26), fill=ACCENT)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=9)
    return buffer.getvalue()
