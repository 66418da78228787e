"""An event's figures per outlet, for its page: how many journalists of each outlet were
invited, opened the invitation (as people, not link scanners), said they would come, said they
would not, and came. Journalists with no outlet are counted together."""

from collections import defaultdict
from dataclasses import dataclass

from contacts.models import name_in_active_language
from distribution.models import Delivery
from events.models import Attendance, Event, Invitation, Rsvp


@dataclass
class OutletFigures:
    outlet: str
    invited: int = 0
    opened: int = 0
    accepted: int = 0
    declined: int = 0
    attended: int = 0


def outlet_figures(event: Event, *, no_outlet: str) -> list[OutletFigures]:
    """One row per outlet, most invited first; `no_outlet` names the row without one."""
    deliveries = Delivery.objects.filter(
        send__invitation__event=event, send__invitation__purpose=Invitation.Purpose.INVITATION
    ).values_list("email", "opened_at", "contact__outlet__name_en", "contact__outlet__name_zh_hant")
    outlet_of: dict[str, str] = {}
    opened: set[str] = set()
    for email, opened_at, name_en, name_zh in deliveries:
        outlet_of[email] = name_in_active_language(name_en or "", name_zh or "") or no_outlet
        if opened_at is not None:
            opened.add(email)
    rows: dict[str, OutletFigures] = defaultdict(lambda: OutletFigures(""))
    for email, outlet in outlet_of.items():
        row = rows[outlet]
        row.outlet = outlet
        row.invited += 1
        row.opened += email in opened
    for email, answer in Rsvp.objects.filter(event=event).values_list("email", "answer"):
        row = rows[outlet_of.get(email, no_outlet)]
        row.outlet = outlet_of.get(email, no_outlet)
        if answer == Rsvp.Answer.DECLINED:
            row.declined += 1
        elif answer == Rsvp.Answer.ACCEPTED:
            row.accepted += 1
    for email, outlet in Attendance.objects.filter(event=event).values_list("email", "outlet"):
        # A guest invited counts under their outlet; a walk-in under the outlet they gave.
        name = outlet_of.get(email) or outlet or no_outlet
        row = rows[name]
        row.outlet = name
        row.attended += 1
    return sorted(rows.values(), key=lambda row: (-row.invited, row.outlet))
