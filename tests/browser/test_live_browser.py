"""A live session in the browser: a teacher on the projector, three phones (one without
JavaScript) play three questions; joins, answer counts and reveals arrive without reloads."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.config import PROJECT_ROOT
from quizapp.extensions import db
from quizapp.library.sync import sync_folder
from quizapp.models import Attempt, CardProgress, LiveParticipant, User

from ..helpers.app import make_user
from ..helpers.browser import audit
from .test_teacher_browser import sign_in

SHOTS = PROJECT_ROOT / "test-results" / "live"
BANK = """\
id: live3
title: Live test bank
source: {title: The live text, author: Test Author, published: 2024-01-06}
questions:
  - id: capital
    type: single
    prompt: Which city is the capital of France?
    explanation: Paris has been the capital for centuries.
    source: 1
    choices:
      - {text: Paris, correct: true}
      - {text: Lyon}
      - {text: Marseille}
  - id: sky
    type: true_false
    prompt: The sky is green on a clear day.
    explanation: A clear sky looks blue.
    source: 2
    answer: false
  - id: legs
    type: numeric
    prompt: How many legs does a spider have?
    explanation: Spiders are arachnids, with eight legs.
    source: 3
    answer: 8
"""
# A page without JavaScript follows the session by its meta refresh (every 3 s between
# questions): a wait for what it shows must outlast a refresh and the reload after it.
REFRESH_MS = 20_000
# Per question, what each student answers: (Ann, Ben, Cy); Cy has JavaScript off.
PLAN = [
    ({"Paris"}, {"Lyon"}, {"Paris"}),
    ({"False"}, {"False"}, {"True"}),
    ("8", "6", "8"),
]


def context(browser, *, javascript: bool = True, width: int = 1280, dark: bool = False):
    new = browser.new_context(
        bypass_csp=True,
        java_script_enabled=javascript,
        viewport={"width": width, "height": 900},
        color_scheme="dark" if dark else "light",
    )
    new.set_default_timeout(10_000)
    return new


def shoot(page, name: str) -> None:
    """Screenshots at phone and desktop widths, light and dark, for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (390, 1280):
        for scheme in ("light", "dark"):
            page.set_viewport_size({"width": width, "height": 900})
            page.emulate_media(color_scheme=scheme)
            page.screenshot(path=str(SHOTS / f"{name}-{width}-{scheme}.png"), full_page=True)
    page.set_viewport_size(size)
    page.emulate_media(color_scheme="light")


def answer(page, given) -> None:
    if isinstance(given, set):
        for text in given:
            # The choice card's label also shows its key hint: tap the option's own text.
            page.get_by_text(text, exact=True).click()
    else:
        page.get_by_role("textbox").fill(given)
    page.get_by_role("button", name="Send answer").click()


def test_a_class_plays_a_live_session(app, live_server, browser, monkeypatch):
    from quizapp.live import routes_stream

    # Streams of closed pages end at their next keep-alive: soon, before the app goes.
    monkeypatch.setattr(routes_stream, "KEEPALIVE_SECONDS", 1)
    folder = Path(app.config["QUESTIONS_DIR"])
    (folder / "live3.yaml").write_text(BANK)
    with app.app_context():
        sync_folder(str(folder))
    make_user(app, "teacher1", role="teacher", display_name="Ms Teacher")
    base = live_server

    projector_context = context(browser)
    projector = projector_context.new_page()
    errors: list[str] = []
    projector.on("pageerror", lambda error: errors.append(str(error)))
    sign_in(projector, base, "teacher1")
    projector.goto(base + "/banks/live3")
    projector.get_by_role("link", name="Run live with a class").click()
    audit(projector)
    # Long enough that a busy machine cannot run a question's clock out mid-answer.
    projector.get_by_label("Time per question").select_option("120")
    projector.get_by_role("button", name="Open the lobby").click()
    projector.wait_for_url(re.compile(r".*/live/host/\d+$"))
    pin = re.sub(r"\D", "", projector.locator(".pin").inner_text())
    assert len(pin) == 6
    expect(projector.locator(".qr svg")).to_be_visible()
    audit(projector)

    phones = {}
    for name, javascript in (("Ann", True), ("Ben", True), ("Cy", False)):
        phone_context = context(browser, javascript=javascript, width=390)
        phone = phone_context.new_page()
        if javascript:
            phone.on("pageerror", lambda error: errors.append(str(error)))
        if name == "Ann":  # typing the PIN; the others follow the join link
            phone.goto(base + "/live")
            audit(phone)
            phone.get_by_label("Game PIN").fill(f"{pin[:3]} {pin[3:]}")
            phone.get_by_role("button", name="Enter").click()
        else:
            phone.goto(f"{base}/live/{pin}")
        phone.get_by_label("Nickname").fill(name)
        if name == "Ann":
            audit(phone)
        phone.get_by_role("button", name="Join").click()
        expect(phone.get_by_text(f"You are in, {name}!")).to_be_visible()
        # The projector hears of each join without a reload.
        expect(projector.locator("#people")).to_contain_text(name)
        phones[name] = (phone_context, phone)
    expect(projector.locator("#people")).to_contain_text("3 joined")
    ann, ben, cy = (phones[name][1] for name in ("Ann", "Ben", "Cy"))
    audit(ann)
    shoot(projector, "projector-lobby")
    shoot(ann, "phone-lobby")
    expect(cy.locator('noscript meta[http-equiv="refresh"]')).to_have_count(1)

    projector.get_by_role("button", name="Start").click()
    for number, given in enumerate(PLAN, start=1):
        expect(projector.locator("#answer-count")).to_have_text("0 of 3 answered")
        for phone in (ann, ben):  # pushed to the phones with JavaScript
            expect(phone.get_by_text(f"Question {number} of 3")).to_be_visible()
        # Cy's page reloads itself (noscript meta refresh, 3 s): wait for it, never race it.
        expect(cy.get_by_text(f"Question {number} of 3")).to_be_visible(timeout=REFRESH_MS)
        if number == 1:
            audit(ann)
            audit(projector)
            shoot(ann, "phone-question")
            shoot(projector, "projector-question")
        for count, (phone, answer_given) in enumerate(zip((ann, ben, cy), given, strict=True), 1):
            answer(phone, answer_given)
            expect(phone.get_by_text("Answer received and locked")).to_be_visible()
            expect(projector.locator("#answer-count")).to_have_text(f"{count} of 3 answered")
        projector.get_by_role("button", name="Reveal").click()
        expect(projector.get_by_text("Right answer:")).to_be_visible()
        if number == 1:
            counts = projector.locator(".bar-count")
            expect(counts).to_have_text(["2", "1", "0"])
            audit(projector)
            shoot(projector, "projector-reveal")
        if number == 2:
            expect(projector.locator(".bar-count")).to_have_text(["1", "2"])
        if number == 3:
            expect(projector.locator(".bar-count")).to_have_text(["2", "1"])
        verdicts = [("Correct" if i != 1 else "Incorrect") for i in range(3)]
        if number == 2:
            verdicts = ["Correct", "Correct", "Incorrect"]
        for phone, verdict in zip((ann, ben), verdicts[:2], strict=True):
            expect(phone.locator("#live-panel .verdict strong")).to_have_text(verdict)
        expect(cy.locator("#live-panel .verdict strong")).to_have_text(
            verdicts[2], timeout=REFRESH_MS
        )
        if number == 1:
            audit(ann)
            shoot(ben, "phone-reveal")
        label = "Show results" if number == 3 else "Next question"
        projector.get_by_role("button", name=label).click()

    expect(projector.get_by_role("heading", name="Podium")).to_be_visible()
    expect(projector.locator(".podium li").first).to_contain_text("Ann")
    rows = projector.locator(".live-summary tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("3" + "2" + "67%")
    expect(rows.nth(1)).to_contain_text("3" + "2" + "67%")
    audit(projector)
    shoot(projector, "projector-podium")
    expect(ann.get_by_text("You finished #1 of 3")).to_be_visible()
    audit(ann)
    shoot(ann, "phone-end")

    # Cy's last refresh brings the end, which refreshes no more: only then is a goto safe.
    expect(cy.locator('noscript meta[http-equiv="refresh"]')).to_have_count(0, timeout=REFRESH_MS)
    expect(cy.get_by_text("You finished")).to_be_visible()
    for _, phone in phones.values():
        phone.goto(base + "/history")
        expect(phone.get_by_role("cell", name="Live test bank").first).to_be_visible()
    with app.app_context():
        users = {p.nickname: p.user_id for p in db.session.scalars(select(LiveParticipant)).all()}
        kinds = db.session.scalars(select(Attempt.kind)).all()
        assert kinds == ["live"] * 3
        queued = {
            (progress.user_id, progress.item_key)
            for progress in db.session.scalars(select(CardProgress))
        }
        assert (users["Ben"], "capital") in queued and (users["Ben"], "legs") in queued
        assert (users["Cy"], "sky") in queued
        assert not any(user == users["Ann"] for user, _ in queued)
        assert db.session.get(User, users["Cy"]).is_guest
    ben.goto(base + "/study")
    expect(ben.get_by_text("Which city is the capital of France?")).to_be_visible()
    for phone_context, _ in phones.values():
        phone_context.close()
    projector_context.close()
    assert not errors, f"JavaScript errors: {errors}"
