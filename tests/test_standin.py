"""The Bot API stand-in behaves like api.telegram.org, seen through PTB and raw HTTP: the methods,
getUpdates, Telegram's text rules, edits and callbacks. Faults, flood limits, listening and the
webhook are in tests/test_standin_faults.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, MenuButtonCommands
from telegram.error import BadRequest, Conflict, InvalidToken

from standin import BotApiStandin, parse_html
from standin.rules import ApiError
from tests.standin_helpers import TOKEN, USER, FakeTime, keyboard


# The stand-in's own fixtures (`bot` here is a bare PTB Bot, not conftest's harness); each stand-in
# test file declares them, as pytest finds fixtures by the names a module defines.
@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
async def api(fake_time: FakeTime) -> AsyncIterator[BotApiStandin]:
    async with BotApiStandin(token=TOKEN, time_source=fake_time) as standin:
        standin.user(USER, first_name="Ana")
        yield standin


@pytest.fixture
async def bot(api: BotApiStandin) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=api.base_url) as ptb_bot:
        yield ptb_bot


# --------------------------------------------------------------------------- basics
async def test_get_me_and_send_message_round_trip(api: BotApiStandin, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (424242, True, "cramp_coach_bot")

    markup = keyboard(InlineKeyboardButton("Yes", callback_data="y1"))
    message = await bot.send_message(USER, "<b>Hi</b> Ana &amp; co", parse_mode="HTML", reply_markup=markup)

    assert message.text == "Hi Ana & co"
    assert message.chat.id == USER and message.chat.first_name == "Ana"
    assert message.from_user is not None and message.from_user.id == 424242
    assert message.reply_markup == markup
    assert message.entities[0].type == "bold" and message.entities[0].length == 2
    sent = api.last(USER)
    assert (sent.message_id, sent.text, sent.html) == (message.message_id, "Hi Ana & co", "<b>Hi</b> Ana &amp; co")
    assert sent.buttons == [[("Yes", "y1")]]
    assert [e.kind for e in api.events(USER)] == ["send"]


async def test_message_ids_are_per_chat_and_shared_with_the_user(api: BotApiStandin, bot: Bot) -> None:
    api.user(7002)
    first = await bot.send_message(USER, "one")
    update = await api.send_text(USER, "two")
    second = await bot.send_message(USER, "three")
    other = await bot.send_message(7002, "elsewhere")
    assert [first.message_id, update["message"]["message_id"], second.message_id] == [1, 2, 3]
    assert other.message_id == 1


async def test_wrong_token_is_unauthorized_and_unknown_method_not_found(api: BotApiStandin) -> None:
    with pytest.raises(InvalidToken, match="rejected by the server"):
        async with Bot("1:wrong", base_url=api.base_url):
            pass
    async with httpx.AsyncClient() as client:
        unauthorized = await client.post(f"{api.base_url}1:wrong/getMe")
        response = await client.post(f"{api.base_url}{TOKEN}/sendTelepathy")
    assert unauthorized.status_code == 401
    assert unauthorized.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


@pytest.mark.parametrize("as_json", [True, False])
async def test_json_and_form_bodies_are_both_accepted(api: BotApiStandin, as_json: bool) -> None:
    payload = {
        "chat_id": USER,
        "text": "hi",
        "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
    }
    async with httpx.AsyncClient() as client:
        if as_json:
            response = await client.post(f"{api.base_url}{TOKEN}/sendMessage", json=payload)
        else:
            form = {**payload, "reply_markup": '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'}
            response = await client.post(f"{api.base_url}{TOKEN}/sendMessage", data=form)
    body = response.json()
    assert body["ok"] is True and body["result"]["text"] == "hi"
    assert body["result"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "a"


async def test_garbage_requests_get_400_and_the_server_keeps_serving(api: BotApiStandin, bot: Bot) -> None:
    async with httpx.AsyncClient() as client:
        url = f"{api.base_url}{TOKEN}/sendMessage"
        broken = await client.post(url, content=b"{not json", headers={"content-type": "application/json"})
        bad_markup = await client.post(url, data={"chat_id": USER, "text": "x", "reply_markup": "[oops"})
        bad_id = await client.post(f"{api.base_url}{TOKEN}/deleteMessage", data={"chat_id": USER, "message_id": "x"})
    assert [r.status_code for r in (broken, bad_markup, bad_id)] == [400, 400, 400]
    assert (await bot.send_message(USER, "still here")).text == "still here"


async def test_photo_and_document_uploads_are_multipart(api: BotApiStandin, bot: Bot) -> None:
    photo = await bot.send_photo(USER, b"\x89PNG fake bytes", caption="<i>calf</i>", parse_mode="HTML")
    document = await bot.send_document(USER, b"a,b\n1,2\n", filename="log.csv", caption="your log")
    assert photo.photo and photo.caption == "calf"
    assert document.document is not None and document.document.file_name == "log.csv"
    kinds = [(m.kind, m.caption) for m in api.sent(USER)]
    assert kinds == [("photo", "calf"), ("document", "your log")]


# --------------------------------------------------------------------------- getUpdates
async def test_get_updates_confirms_with_offset(api: BotApiStandin, bot: Bot) -> None:
    await api.send_text(USER, "one")
    await api.send_command(USER, "/start")
    updates = await bot.get_updates()
    assert [u.message.text for u in updates if u.message] == ["one", "/start"]
    assert updates[1].message is not None and updates[1].message.entities[0].type == "bot_command"
    assert len(await bot.get_updates()) == 2  # not confirmed yet
    assert await bot.get_updates(offset=updates[-1].update_id + 1) == ()
    assert api.pending_updates() == 0


async def test_long_poll_returns_promptly_when_an_update_arrives(api: BotApiStandin, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_for(lambda a: a.waiting_polls == 1)
    await api.send_text(USER, "wake up")
    # Well before the poll's own 10 s timeout: the update woke it (wait_for fails otherwise).
    updates = await asyncio.wait_for(poll, 5)
    assert [u.message.text for u in updates if u.message] == ["wake up"]


async def test_long_poll_times_out_empty(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert time.monotonic() - started >= 0.9  # it waited out the timeout (an upper bound would time the machine)


async def test_limit_and_allowed_updates_are_remembered(api: BotApiStandin, bot: Bot) -> None:
    sent = await bot.send_message(USER, "pick", reply_markup=keyboard(InlineKeyboardButton("A", callback_data="a")))
    await api.send_text(USER, "text 1")
    await api.press(USER, sent.message_id, "a")
    await api.send_text(USER, "text 2")
    assert len(await bot.get_updates(limit=1)) == 1
    only_queries = await bot.get_updates(allowed_updates=["callback_query"])
    assert [u.callback_query.data for u in only_queries if u.callback_query] == ["a"]
    await api.send_text(USER, "text 3")
    remembered = await bot.get_updates(offset=only_queries[-1].update_id + 1)
    assert remembered == ()  # messages are still filtered out without re-sending allowed_updates


async def test_a_second_poller_terminates_the_first(api: BotApiStandin, bot: Bot) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await api.wait_for(lambda a: a.waiting_polls == 1)
    async with Bot(TOKEN, base_url=api.base_url) as second_instance:
        second = asyncio.create_task(second_instance.get_updates(timeout=10))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(first, 3)
        await api.send_text(USER, "for the survivor")
        assert len(await asyncio.wait_for(second, 3)) == 1


# --------------------------------------------------------------------------- text rules
async def test_empty_and_too_long_texts_are_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(USER, "   ")
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(USER, "x" * 4097)
    # the limit counts text after entity parsing, not the markup
    ok = await bot.send_message(USER, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
    assert len(ok.text) == 4096


async def test_chat_not_found(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)chat not found"):
        await bot.send_message(999_999, "who?")


@pytest.mark.parametrize(
    ("html", "plain"),
    [
        ("<b>bold <i>and italic <u>under</u></i></b>", "bold and italic under"),
        ('<a href="https://example.org/?a=1&amp;b=2">link</a>', "link"),
        ('<tg-spoiler>s</tg-spoiler> <span class="tg-spoiler">p</span>', "s p"),
        ('<pre><code class="language-python">x &lt; 1</code></pre>', "x < 1"),
        ("&lt;not a tag&gt; &quot;q&quot; &#65;&#x42;", '<not a tag> "q" AB'),
        ("<blockquote>quote</blockquote> 3 > 2", "quote 3 > 2"),
        ("<B>caps</B>", "caps"),
    ],
)
def test_valid_html_parses_to_plain_text(html: str, plain: str) -> None:
    assert parse_html(html).plain == plain


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("ä <foo>", 'Unsupported start tag "foo" at byte offset 3'),
        ("<b>open", "Can't find end tag corresponding to start tag b"),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("1 <2", "Unclosed start tag at byte offset 2"),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("Tom & Jerry", 'Character "&" at byte offset 4 must be escaped as "&amp;"'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ],
)
def test_invalid_html_is_refused_like_telegram(html: str, error: str) -> None:
    with pytest.raises(ApiError) as raised:
        parse_html(html)
    assert raised.value.code == 400
    assert raised.value.description == f"Bad Request: can't parse entities: {error}"


async def test_invalid_html_reaches_ptb_as_bad_request(api: BotApiStandin, bot: Bot) -> None:
    with pytest.raises(BadRequest, match='(?i)can\'t parse entities: unsupported start tag "foo"'):
        await bot.send_message(USER, "<foo>", parse_mode="HTML")
    assert (await bot.send_message(USER, "<foo>")).text == "<foo>"  # without parse_mode it is plain
    assert api.sent(USER)[0].text == "<foo>"


async def test_stray_ampersand_can_be_allowed_like_real_telegram(bot: Bot) -> None:
    async with BotApiStandin(token=TOKEN, strict_html_ampersand=False) as lenient:
        lenient.user(USER)
        async with Bot(TOKEN, base_url=lenient.base_url) as lenient_bot:
            message = await lenient_bot.send_message(USER, "Tom & Jerry", parse_mode="HTML")
    assert message.text == "Tom & Jerry"


@pytest.mark.parametrize(
    ("button", "error"),
    [
        (InlineKeyboardButton("long", callback_data="x" * 65), "(?i)button_data_invalid"),
        (InlineKeyboardButton("utf8", callback_data="ä" * 33), "(?i)button_data_invalid"),
        (InlineKeyboardButton("bare"), "(?i)text buttons are unallowed"),
        (InlineKeyboardButton("both", url="https://x.org", callback_data="a"), "(?i)exactly one of"),
    ],
)
async def test_inline_buttons_are_validated(bot: Bot, button: InlineKeyboardButton, error: str) -> None:
    with pytest.raises(BadRequest, match=error):
        await bot.send_message(USER, "menu", reply_markup=keyboard(button))


async def test_callback_data_of_64_bytes_is_fine(bot: Bot) -> None:
    message = await bot.send_message(
        USER, "ok", reply_markup=keyboard(InlineKeyboardButton("b", callback_data="x" * 64))
    )
    assert message.reply_markup is not None


# --------------------------------------------------------------------------- edits, deletes, callbacks
async def test_edit_applies_and_identical_edit_is_not_modified(api: BotApiStandin, bot: Bot) -> None:
    markup = keyboard(InlineKeyboardButton("A", callback_data="a"))
    sent = await bot.send_message(USER, "<b>v1</b>", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match="(?i)message is not modified: specified new message content"):
        await bot.edit_message_text("<b>v1</b>", USER, sent.message_id, parse_mode="HTML", reply_markup=markup)
    # same text without bold is a change, and dropping reply_markup removes the keyboard
    edited = await bot.edit_message_text("v1", USER, sent.message_id)
    assert edited.text == "v1" and edited.reply_markup is None and edited.edit_date is not None
    state = api.last(USER)
    assert (state.text, state.edits, state.buttons) == ("v1", 1, [])
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id)
    await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=markup)
    assert api.last(USER).buttons == [[("A", "a")]]
    assert [e.kind for e in api.events(USER)] == ["send", "edit", "edit"]


async def test_edit_and_delete_of_unknown_messages(api: BotApiStandin, bot: Bot) -> None:
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("x", USER, 42)
    sent = await bot.send_message(USER, "bye")
    assert await bot.delete_message(USER, sent.message_id) is True
    assert api.last(USER).deleted is True and api.visible(USER) == []
    with pytest.raises(BadRequest, match="(?i)message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("again", USER, sent.message_id)


async def test_press_and_answer_callback_query_once(api: BotApiStandin, bot: Bot) -> None:
    sent = await bot.send_message(
        USER,
        "pick",
        reply_markup=keyboard(
            InlineKeyboardButton("A", callback_data="a1"), InlineKeyboardButton("B", callback_data="b1")
        ),
    )
    query_id = await api.press_button(USER, sent.message_id, "B")
    by_index = await api.press_button(USER, sent.message_id, 0)
    updates = await bot.get_updates()
    queries = [u.callback_query for u in updates if u.callback_query]
    assert [(q.id, q.data) for q in queries] == [(query_id, "b1"), (by_index, "a1")]
    assert queries[0].message is not None and queries[0].message.message_id == sent.message_id
    assert api.answered(query_id) is None
    assert await bot.answer_callback_query(query_id, text="Saved") is True
    assert api.answered(query_id) == {"callback_query_id": query_id, "text": "Saved"}
    with pytest.raises(BadRequest, match="(?i)query is too old and response timeout expired or query id is invalid"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query("123")
    with pytest.raises(LookupError):
        await api.press_button(USER, sent.message_id, "C")


async def test_chat_action_and_commands(api: BotApiStandin, bot: Bot) -> None:
    assert await bot.send_chat_action(USER, "typing") is True
    await bot.set_my_commands([("start", "Start"), ("help", "Help")])
    assert [c["command"] for c in api.commands] == ["start", "help"]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await bot.set_my_commands([("Bad-Name", "x")])
    await bot.delete_my_commands()
    assert api.commands == [] and await bot.get_my_commands() == ()
    assert [e.kind for e in api.events(USER)] == ["chat_action"]


async def test_group_messages_carry_group_chat_and_command_entity(api: BotApiStandin, bot: Bot) -> None:
    update = await api.send_group_text(chat_id=-100500, user_id=USER, text="/help@cramp_coach_bot now")
    message = update["message"]
    assert message["chat"] == {"id": -100500, "type": "supergroup", "title": "Group"}
    assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 21}]
    assert (await bot.send_message(-100500, "hi group")).chat.type == "supergroup"
    assert [m.text for m in api.sent(-100500)] == ["hi group"]


async def test_text_is_trimmed_like_telegram_with_entities_shifted(bot: Bot) -> None:
    message = await bot.send_message(USER, "\n  <b>Hi</b> there \n", parse_mode="HTML")
    assert message.text == "Hi there"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 2)]


async def test_caption_edits_and_text_edits_need_the_right_kind(api: BotApiStandin, bot: Bot) -> None:
    photo = await bot.send_photo(USER, "https://example.org/calf.png", caption="before")
    text = await bot.send_message(USER, "words")
    edited = await bot.edit_message_caption(USER, photo.message_id, caption="<b>after</b>", parse_mode="HTML")
    assert edited.caption == "after" and api.sent(USER)[0].caption == "after"
    with pytest.raises(BadRequest, match="(?i)there is no text in the message to edit"):
        await bot.edit_message_text("x", USER, photo.message_id)
    with pytest.raises(BadRequest, match="(?i)there is no caption in the message to edit"):
        await bot.edit_message_caption(USER, text.message_id, caption="x")


async def test_menu_button_webhook_info_and_harmless_methods(api: BotApiStandin, bot: Bot) -> None:
    assert (await bot.get_chat_menu_button()).type == "commands"
    await bot.set_chat_menu_button(USER, MenuButtonCommands())
    assert (await bot.get_chat_menu_button(USER)).type == "commands"
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == ("", 0)
    assert api.webhook["url"] == ""
    assert (await bot.get_chat(USER)).first_name == "Ana"
    assert await bot.close() is True
    assert await bot.log_out() is True


async def test_user_fields_given_later_update_the_user(api: BotApiStandin) -> None:
    api.user(7010)
    ana = api.user(7010, "Ana", username="ana_k", language_code="de")
    update = await api.send_text(7010, "hallo")
    assert update["message"]["from"] == {
        "id": 7010,
        "is_bot": False,
        "first_name": "Ana",
        "username": "ana_k",
        "language_code": "de",
    }
    assert update["message"]["chat"] == {"id": 7010, "type": "private", "first_name": "Ana", "username": "ana_k"}
    assert api.user(7010) is ana
