"""The news' public pages (list, item, image), the newsletter's subscription and confirmation,
and a signed-in person's choices. Thin: forms check, services write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from massalia.core.security.ratelimit import by_ip, ratelimit
from massalia.core.views import upload_response
from massalia.news import selectors, services
from massalia.news.forms import ChoicesForm, FilterForm, SubscribeForm
from massalia.news.models import Issue, NewsItem
from massalia.news.newsletter import read_confirmation, stop_path

PER_PAGE = 10


@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    """The published items, newest first, by theme and quartier, ten a page."""
    form = FilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        context: dict[str, Any] = {"form": form, "page": None}
        return render(request, "news/list.html", context, status=400)
    chosen = form.cleaned_data if form.is_bound else {}
    items = selectors.published(theme=chosen.get("theme"), quartier=chosen.get("quartier"))
    try:
        page = Paginator(items, PER_PAGE).page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404(_("Cette page de la liste n'existe pas.")) from exc
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), **chosen}
    return render(request, "news/list.html", context)


def _published(slug: str) -> NewsItem:
    return get_object_or_404(selectors.published(), slug=slug)


@require_GET
def item(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "news/item.html", {"item": _published(slug)})


@require_GET
def image(request: HttpRequest, slug: str) -> HttpResponseBase:
    found = _published(slug)
    if found.image is None:
        raise Http404(_("Cette actualité n'a pas d'image."))
    return upload_response(found.image)


@require_GET
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    """A sent newsletter as a page: its introduction and its published items."""
    sent = get_object_or_404(Issue, pk=pk, sent_at__isnull=False)
    items = sent.items.published().select_related("theme", "image").prefetch_related("quartiers")
    return render(request, "news/issue.html", {"issue": sent, "items": items})


@ratelimit("news-subscribe", rate="10/h", key=by_ip)
@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """The newsletter's form (an address, themes, quartiers; a confirmation link is sent) and
    the last issues sent."""
    initial = {"email": request.user.email} if request.user.is_authenticated else {}
    form = SubscribeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            context = {"form": form, "issues": _last_issues()}
            return render(request, "news/subscribe.html", context, status=400)
        services.ask_subscription(
            email=form.cleaned_data["email"],
            themes=form.cleaned_data["themes"],
            quartiers=form.cleaned_data["quartiers"],
        )
        return redirect("news:subscribe_sent")
    return render(request, "news/subscribe.html", {"form": form, "issues": _last_issues()})


def _last_issues() -> list[Issue]:
    return list(Issue.objects.filter(sent_at__isnull=False).order_by("-sent_at")[:5])


@require_GET
def subscribe_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "news/subscribe_sent.html")


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows a button (mail scanners follow links); the POST confirms."""
    try:
        choice = read_confirmation(token)
    except signing.SignatureExpired:
        return _invalid(request, _("Ce lien de confirmation a expiré : abonnez-vous à nouveau."))
    except signing.BadSignature:
        return _invalid(
            request,
            _("Ce lien de confirmation n'est pas valide : il a peut-être été coupé. Copiez "
              "l'adresse complète depuis le courriel."),
        )  # fmt: skip
    if request.method == "POST":
        subscriber = services.confirm_subscription(choice=choice)
        context: dict[str, Any] = {"subscriber": subscriber, "stop_url": stop_path(choice.email)}
        return render(request, "news/confirmed.html", context)
    return render(request, "news/confirm.html", {"email": choice.email, "token": token})


def _invalid(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "news/invalid_link.html", {"message": message}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def my_subscription(request: HttpRequest) -> HttpResponse:
    """A signed-in person's newsletter, for their confirmed account address."""
    current = selectors.subscription_of(request.user)
    initial = (
        {"themes": list(current.themes.all()), "quartiers": list(current.quartiers.all())}
        if current
        else {}
    )
    form = ChoicesForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"form": form, "current": current, "may": selectors.may_manage(request.user)}
    if request.method == "POST":
        if not context["may"]:
            return render(request, "news/my_subscription.html", context, status=403)
        if not form.is_valid():
            return render(request, "news/my_subscription.html", context, status=400)
        services.change_subscription(
            user=request.user,
            themes=form.cleaned_data["themes"],
            quartiers=form.cleaned_data["quartiers"],
        )
        messages.success(request, _("Vos choix pour la lettre d'information sont enregistrés."))
        return redirect("news:my_subscription")
    return render(request, "news/my_subscription.html", context)


@login_required
@require_POST
def stop(request: HttpRequest) -> HttpResponse:
    if services.stop_subscription(user=request.user):
        messages.success(request, _("Vous ne recevrez plus la lettre d'information."))
    return redirect("news:my_subscription")
