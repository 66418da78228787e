"""Forms of the PR officer's sending pages. They parse; the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import DistributionList
from distribution.models import Send

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]


class ListChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.owner.name_en})"


class ScheduleForm(forms.Form):
    """Which lists, which kind of send, and when. The moment is typed in the issuer's zone: the
    view activates that zone while the form is rendered and cleaned."""

    lists = ListChoiceField(
        queryset=DistributionList.objects.select_related("owner").order_by(
            "-trusted_for_embargo", "name"
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one distribution list.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of send"),
        choices=[(k.value, k.label) for k in (Send.Kind.ADVANCE, Send.Kind.IMMEDIATE)],
        widget=forms.RadioSelect,
        initial=Send.Kind.IMMEDIATE,
    )
    at = forms.DateTimeField(
        label=_("Send at"),
        required=False,
        input_formats=MOMENT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    # Exactly one email per recipient per release, unless the officer says otherwise, and why.
    send_again = forms.BooleanField(
        label=_("Send it again to those who already received this release"),
        required=False,
    )
    send_again_reason = forms.CharField(
        label=_("Why they should receive it again"),
        required=False,
        max_length=500,
        help_text=_("Kept with the send and on the audit log, e.g. “The figures were corrected”."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        reason = (cleaned.get("send_again_reason") or "").strip()
        if cleaned.get("send_again") and not reason:
            self.add_error(
                "send_again_reason",
                _("Say why those who already received this release should get it again."),
            )
        cleaned["send_again_reason"] = reason if cleaned.get("send_again") else ""
        return cleaned
