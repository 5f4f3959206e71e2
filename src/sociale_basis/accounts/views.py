"""A resident's own data: see it, download it, have it erased (AVG articles 15 and 17)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sociale_basis.audit.personal_data import personal_data_erase, personal_data_export, sources


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    data = personal_data_export(user=request.user)
    if request.GET.get("formaat") == "json":
        response = HttpResponse(
            json.dumps(data, indent=2, ensure_ascii=False, default=str),
            content_type="application/json",
        )
        response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
        return response
    labels = {s.key: s.label for s in sources()}
    sections = [
        (labels[key], json.dumps(value, indent=2, ensure_ascii=False, default=str))
        for key, value in data.items()
    ]
    return render(request, "accounts/my_data.html", {"sections": sections})


@login_required
@require_http_methods(["GET", "POST"])
def erase_me(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            messages.error(request, _("Tick the box to confirm that your data may be erased."))
            return render(request, "accounts/erase.html", status=400)
        user = request.user
        logout(request)
        personal_data_erase(user=user)
        messages.success(
            request, _("Your data has been erased. Thank you for using Sociale Basis.")
        )
        return redirect("ui:home")
    return render(request, "accounts/erase.html")
