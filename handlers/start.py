"""/start, /help, /settings and the main-menu buttons; remembers when a person was last here."""

from __future__ import annotations

from datetime import timedelta

from telegram import ChatMember, Update
from telegram.constants import ChatType
from telegram.ext import CallbackQueryHandler, ChatMemberHandler, CommandHandler, ContextTypes, TypeHandler

from core.clock import utc_iso
from core.types import App
from handlers.callbacks import MENU, parse, pattern
from handlers.groups import GROUP_PRESENCE
from handlers.i18n import N_, chosen_language, fallback_notice, tr
from handlers.menu import add_command, back_to_menu_keyboard, main_menu_keyboard, onboarding_steps, settings_keyboard
from handlers.services import services
from handlers.texts import common as common_texts
from store.presence import note_seen

# last_seen feeds "active in the last 7 days"; an hour's precision spares a record per message.
LAST_SEEN_PRECISION = timedelta(hours=1)
# Last-seen times are small records written in batches (store.presence): at most one journal line,
# its fdatasync in a worker thread, per this many seconds. A kill loses at most the times noted
# since the last batch; never anything else.
SEEN_BATCH_S = 30.0


async def start_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet, show the disclaimer once and the main menu; /start also re-activates reminders."""
    user, chat, message = update.effective_user, update.effective_chat, update.effective_message
    assert user is not None and chat is not None and message is not None  # guard.py: a person, in private
    doc = services(context).store.get(user.id)
    is_new = doc is None
    reactivate_user(context, user.id, chat.id)
    welcome = common_texts.welcome(user.first_name)
    if doc is None or "lang" not in doc:
        # The first /start keeps Telegram's language; one we don't speak is said once, on top.
        services(context).store.update(user.id, {"lang": chosen_language(None, user.language_code)})
        notice = fallback_notice(user.language_code)
        welcome = f"{notice}\n\n{welcome}" if notice else welcome
    await message.reply_text(welcome, reply_markup=main_menu_keyboard(context.bot_data))
    if is_new:
        for step in onboarding_steps(context.bot_data):
            await step(update, context)


async def menu_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/menu: the main menu on its own, without the welcome."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(
        tr(common_texts.MENU_PROMPT), reply_markup=main_menu_keyboard(context.bot_data)
    )


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(tr(common_texts.HELP), reply_markup=back_to_menu_keyboard())


async def settings_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_text(settings_text(context), reply_markup=settings_keyboard(context.bot_data))


async def menu_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """mn1:home | mn1:help | mn1:settings — edit the message in place."""
    query = update.callback_query
    assert query is not None
    _, parts = parse(query.data)
    target = parts[0] if parts else "home"
    await query.answer()
    if target == "help":
        await query.edit_message_text(tr(common_texts.HELP), reply_markup=back_to_menu_keyboard())
    elif target == "settings":
        await query.edit_message_text(settings_text(context), reply_markup=settings_keyboard(context.bot_data))
    else:
        await query.edit_message_text(tr(common_texts.MENU_PROMPT), reply_markup=main_menu_keyboard(context.bot_data))


def settings_text(context: ContextTypes.DEFAULT_TYPE) -> str:
    return tr(common_texts.SETTINGS) if context.bot_data.get("settings_buttons") else tr(common_texts.SETTINGS_EMPTY)


def reactivate_user(context: ContextTypes.DEFAULT_TYPE, user_id: int, chat_id: int) -> None:
    """Create the person's record if new; mark them active again (e.g. after they had blocked us)."""
    svc = services(context)
    now = svc.clock.now()
    doc = svc.store.ensure_user(user_id, chat_id, now)
    profile = dict(doc.get("profile", {}))
    if profile.get("active") is not True or profile.get("chat_id") != chat_id:
        profile.update(active=True, chat_id=chat_id, last_seen=utc_iso(now))
        svc.store.update(user_id, {"profile": profile})


async def note_presence(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Keep profile.last_seen roughly current for private-chat users (for the admin view)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != ChatType.PRIVATE:
        return
    svc = services(context)
    now = svc.clock.now()
    doc = svc.store.get(user.id)
    if doc is None:
        return  # records start with /start or a feature that stores something, never silently
    profile = dict(doc.get("profile") or {})
    if "chat_id" not in profile:
        svc.store.ensure_user(user.id, chat.id, now)  # a feature started the record; complete it
        return
    note_seen(svc.store, user.id, profile, now, LAST_SEEN_PRECISION)
    await svc.store.flush_later(older_than_s=SEEN_BATCH_S)


async def bot_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A person blocked the bot: stop their reminders now, not at the next failed send."""
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.PRIVATE:
        return
    if change.new_chat_member.status == ChatMember.BANNED:  # "kicked": blocked by the person
        services(context).reminders.mark_inactive(change.chat.id)


def register(app: App) -> None:
    app.add_handler(ChatMemberHandler(bot_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(TypeHandler(Update, note_presence), group=GROUP_PRESENCE)
    app.add_handler(CommandHandler("start", start_command))
    app.add_handler(CommandHandler("help", help_command))
    app.add_handler(CommandHandler("menu", menu_command))
    app.add_handler(CommandHandler("settings", settings_command))
    app.add_handler(CallbackQueryHandler(menu_button, pattern=pattern(MENU)))
    add_command(app, "start", N_("Main menu"))
    add_command(app, "help", N_("What I can do"))
    add_command(app, "settings", N_("Your settings"))
