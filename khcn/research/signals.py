"""What the S&T tasks app tells other modules without knowing them.

``results_registered(sender=Task, task=task)``: the task's results were registered (Form 5
confirmed, archive number given), inside the registration's transaction. The library deposits
the final report and the summary (``khcn.library.services.deposit``)."""

from django.dispatch import Signal

results_registered = Signal()
