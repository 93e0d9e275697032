"""Steps for the B2B Elite and DOM scenarios, and the fixtures that choose the client they run with."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, then, when

from features.clients import DEFAULT_CLIENTS, INPROCESS, load_factory
from features.drivers.admin import BuyerRecord, HttpAdmin, StockRecord, World
from features.drivers.process import SimulatorProcess
from simulator.client.adapter import ALL_CAPABILITIES, Adapter, AdapterFactory, Target
from simulator.client.storefront import Document, OrderSummary, ProductView, Shopper
from simulator.client.transport import Transport


def money(text: str) -> Decimal:
    """An amount such as 10.00."""
    return Decimal(text)


money.pattern = r"\d+(?:\.\d+)?"  # type: ignore[attr-defined]
TYPES = {"Money": money}


# -- options, the client matrix and the capability gate ---------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("backoffice-sim features")
    group.addoption("--client", action="store", default=None,
                    help="client the scenarios run with: reference, inprocess, example, an entry point of "
                         "backoffice_sim.clients, or package.module:factory (default: reference and inprocess)")
    group.addoption("--simulator-url", action="store", default=None,
                    help="run against this running simulator instead of starting one")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "client_name" not in metafunc.fixturenames:
        return
    chosen = metafunc.config.getoption("--client")
    if chosen:
        names: tuple[str, ...] = (chosen,)
    elif metafunc.config.getoption("--simulator-url"):
        names = ("reference",)
    else:
        names = DEFAULT_CLIENTS
    metafunc.parametrize("client_name", names, scope="session")


@dataclass
class Environment:
    """The back office a session runs against: its admin driver, the adapter target and factory."""

    world: World
    target: Target
    factory: AdapterFactory
    services: Transport | None = None


@pytest.fixture(scope="session")
def simulator_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The --simulator-url given, else a simulator started for the session on a free port."""
    given_url: str | None = request.config.getoption("--simulator-url")
    if given_url:
        yield given_url
        return
    process = SimulatorProcess(tmp_path_factory.mktemp("simulator") / "features.db").start()
    try:
        yield process.url
    finally:
        process.stop()


@pytest.fixture(scope="session")
def environment(request: pytest.FixtureRequest, client_name: str) -> Environment:
    """The in-process back office for `inprocess`, else the simulator over HTTP with the client's factory."""
    if client_name == INPROCESS:
        from features.clients.inprocess import InProcess

        local = InProcess()
        world = World(local.admin)
        return Environment(world, world.target(None), local.factory, local.services)
    url: str = request.getfixturevalue("simulator_url")
    world = World(HttpAdmin(url))
    return Environment(world, world.target(url), load_factory(client_name))


@pytest.fixture
def sim(environment: Environment) -> World:
    """The seeded world, reset for this scenario."""
    environment.world.reset()
    return environment.world


@pytest.fixture
def b2b_client(request: pytest.FixtureRequest, environment: Environment, sim: World) -> Iterator[Adapter]:
    """The adapter for this scenario; the scenario is skipped when it needs a capability the adapter lacks."""
    adapter = environment.factory(environment.target)
    needed = {mark.name for mark in request.node.iter_markers() if mark.name in ALL_CAPABILITIES}
    missing = sorted(needed - set(adapter.capabilities))
    if missing:
        adapter.close()
        pytest.skip(f"client {adapter.name!r} lacks capabilities: {', '.join(missing)}")
    yield adapter
    adapter.close()


@pytest.fixture(autouse=True)
def _capability_gate(b2b_client: Adapter) -> None:
    """Every scenario goes through the gate of b2b_client."""


@dataclass
class Scene:
    """What a scenario remembers between steps: its parts and what the buyer was last shown."""

    parts: dict[str, StockRecord] = field(default_factory=dict)
    views: dict[str, ProductView] = field(default_factory=dict)
    cart_prices: dict[str, Decimal] = field(default_factory=dict)
    calls_before: Mapping[str, int] = field(default_factory=dict)
    calls_made: dict[str, int] = field(default_factory=dict)
    raised: dict[str, Decimal] = field(default_factory=dict)


@pytest.fixture
def scene() -> Scene:
    """A fresh scenario memory."""
    return Scene()


def calls_since(adapter: Adapter, before: Mapping[str, int]) -> dict[str, int]:
    """Outbound calls made since a snapshot, per operation (only those that moved)."""
    now = adapter.outbound_calls()
    return {op: count - before.get(op, 0) for op, count in now.items() if count != before.get(op, 0)}


## Given

@given("the seeded back office")
def _(sim: World) -> None:
    """The world is reset for every scenario by the `sim` fixture."""


@given("a buyer with orders and quotes from other channels", target_fixture="buyer")
def _(sim: World) -> BuyerRecord:
    """A seeded buyer whose history holds other channels' orders and quotes."""
    return sim.buyer_with_history()


@given("two buyers of different organizations", target_fixture="two_buyers")
def _(sim: World) -> tuple[BuyerRecord, BuyerRecord]:
    """Buyers of two organizations."""
    return sim.buyers_of_two_organizations()


@given("a part priced differently for their organizations")
def _(sim: World, scene: Scene, two_buyers: tuple[BuyerRecord, BuyerRecord]) -> None:
    """An in-stock part the two organizations pay different prices for."""
    first, second = two_buyers
    part_number = sim.part_priced_differently(first.org_dn, second.org_dn)
    scene.parts["differently priced"] = sim.stock(part_number)


@given(parsers.parse("a {kind} part"))
@given(parsers.parse("an {kind} part"))
def _(sim: World, scene: Scene, kind: str) -> None:
    """A part of the seeded world with that stock situation (stocked, scarce, backorderable, out-of-stock)."""
    kinds = {"stocked": "in stock", "out-of-stock": "out of stock"}
    used = frozenset(record.part_number for record in scene.parts.values())
    scene.parts[kind] = sim.part(kinds.get(kind, kind), exclude=used)


## When

@when("the buyer logs in", target_fixture="shopper")
def _(b2b_client: Adapter, buyer: BuyerRecord) -> Shopper:
    """Log the buyer in."""
    return b2b_client.login(buyer.logon_id, buyer.dn)


@when(parsers.parse("the buyer opens the product details of the {kind} part"))
def _(shopper: Shopper, scene: Scene, kind: str) -> None:
    """Product details."""
    part = scene.parts[kind].part_number
    scene.views[part] = shopper.product_details(part)


@when(parsers.parse("the buyer browses the {kind} part"))
def _(shopper: Shopper, scene: Scene, kind: str) -> None:
    """A catalog page showing the part."""
    part = scene.parts[kind].part_number
    scene.views[part] = shopper.browse(part)


@when("both buyers log in and browse the differently priced part", target_fixture="pair_views")
def _(b2b_client: Adapter, scene: Scene, two_buyers: tuple[BuyerRecord, BuyerRecord],
      ) -> list[tuple[BuyerRecord, ProductView]]:
    """Each buyer browses the same part."""
    part = scene.parts["differently priced"].part_number
    return [(buyer, b2b_client.login(buyer.logon_id, buyer.dn).browse(part)) for buyer in two_buyers]


@when(parsers.parse("the buyer adds {quantity:d} of the {kind} part to the cart"))
def _(b2b_client: Adapter, shopper: Shopper, scene: Scene, quantity: int, kind: str) -> None:
    """Add to the cart, noting the calls that made."""
    before = dict(b2b_client.outbound_calls())
    line = shopper.add_to_cart(scene.parts[kind].part_number, quantity)
    scene.calls_made = calls_since(b2b_client, before)
    if line.unit_price is not None:
        scene.cart_prices[line.part_number] = line.unit_price


@when(parsers.parse("the buyer adds {extra:d} more of the {kind} part than is available to the cart"))
def _(shopper: Shopper, scene: Scene, extra: int, kind: str) -> None:
    """Ask for more than the back office can promise."""
    record = scene.parts[kind]
    shopper.add_to_cart(record.part_number, record.quantity + extra)


@when(parsers.parse("the buyer changes the quantity of the {kind} part to {quantity:d}"))
def _(shopper: Shopper, scene: Scene, kind: str, quantity: int) -> None:
    """Change the cart."""
    shopper.change_cart(scene.parts[kind].part_number, quantity)


@when(parsers.parse("the back office raises the organization's contract price of the {kind} part by {amount:Money}",
                    extra_types=TYPES))
def _(sim: World, scene: Scene, buyer: BuyerRecord, kind: str, amount: Decimal) -> None:
    """Change the price behind the storefront's back (through the admin API)."""
    part = scene.parts[kind].part_number
    raised = sim.price(part, buyer.org_dn) + amount
    sim.set_price(part, buyer.org_dn, raised)
    scene.raised[part] = raised


@when(parsers.parse("the back office receives {quantity:d} more of the {kind} part"))
def _(sim: World, scene: Scene, quantity: int, kind: str) -> None:
    """Stock arrives behind the storefront's back (through the admin API)."""
    sim.receive(scene.parts[kind].part_number, quantity)


@when("the buyer prepares the checkout", target_fixture="summary")
def _(shopper: Shopper) -> OrderSummary:
    """Order preparation, up to the Order Summary page."""
    return shopper.prepare_checkout()


@when("the buyer prepares the checkout allowing a partial reservation", target_fixture="summary")
def _(shopper: Shopper) -> OrderSummary:
    """Order preparation with IBM_AllowPartialReservation=Y."""
    return shopper.prepare_checkout(allow_partial=True)


@when("the buyer places the order", target_fixture="order_id")
def _(shopper: Shopper) -> str:
    """Order: the confirmation page shows the back office's order id."""
    return shopper.place_order()


@when("the buyer creates a quote", target_fixture="quote_id")
def _(shopper: Shopper) -> str:
    """Create Quote: the back office's quote id."""
    return shopper.create_quote()


@when("the buyer lists the orders", target_fixture="listed")
def _(shopper: Shopper) -> list[Document]:
    """The order list."""
    return shopper.orders()


@when("the buyer lists the quotes", target_fixture="listed")
def _(shopper: Shopper) -> list[Document]:
    """The quote list."""
    return shopper.quotes()


@when("the buyer opens the details of the new order", target_fixture="details")
def _(shopper: Shopper, order_id: str) -> Document:
    """Order details of the order just placed."""
    return shopper.order_details(order_id)


@when("the buyer opens the details of the new quote", target_fixture="details")
def _(shopper: Shopper, quote_id: str) -> Document:
    """Quote details of the quote just created."""
    return shopper.quote_details(quote_id)


@when("the buyer opens the details of an order placed through another channel", target_fixture="details")
def _(sim: World, shopper: Shopper, buyer: BuyerRecord) -> Document:
    """Order details of a phone, EDI, CSR or store order."""
    return shopper.order_details(sim.other_channel_orders(buyer)[0])


## Then

@then(parsers.parse("the {kind} part is shown with the back office's availability"))
def _(sim: World, scene: Scene, kind: str) -> None:
    """Status and quantity as the back office has them."""
    record = sim.stock(scene.parts[kind].part_number)
    shown = scene.views[record.part_number].availability
    assert (shown.status, shown.quantity) == (record.status, Decimal(record.quantity))


@then(parsers.parse("the {kind} part is shown as {status}"))
def _(scene: Scene, kind: str, status: str) -> None:
    """The inventory status shown (Available, Backorderable, Unavailable)."""
    status, _, dated = status.partition(" with ")
    shown = scene.views[scene.parts[kind].part_number].availability
    assert shown.status == status
    if dated:
        assert shown.available_date is not None


@then(parsers.parse("the {kind} part is shown with {fewer:d} fewer available than seeded"))
def _(scene: Scene, kind: str, fewer: int) -> None:
    """The availability shown went down by what was ordered."""
    record = scene.parts[kind]
    assert scene.views[record.part_number].availability.quantity == record.quantity - fewer


@then(parsers.parse("the {kind} part is shown at the organization's contract price"))
def _(sim: World, scene: Scene, buyer: BuyerRecord, kind: str) -> None:
    """The offer price of the buyer's organization."""
    part = scene.parts[kind].part_number
    offer = scene.views[part].offer
    assert offer is not None and offer.price == sim.price(part, buyer.org_dn)


@then(parsers.parse("the {kind} part is still shown at the price it was added to the cart at"))
def _(scene: Scene, kind: str) -> None:
    """Browse reads the cache: the back office's change is not visible yet."""
    part = scene.parts[kind].part_number
    offer = scene.views[part].offer
    assert offer is not None and offer.price == scene.cart_prices[part] != scene.raised[part]


@then("each buyer sees the organization's contract price")
def _(sim: World, scene: Scene, pair_views: list[tuple[BuyerRecord, ProductView]]) -> None:
    """Contract prices per organization."""
    for buyer, view in pair_views:
        assert view.offer is not None and view.offer.price == sim.price(view.part_number, buyer.org_dn)


@then("the two buyers see different prices")
def _(pair_views: list[tuple[BuyerRecord, ProductView]]) -> None:
    """Two organizations, two prices."""
    (_, first), (_, second) = pair_views
    assert first.offer is not None and second.offer is not None
    assert first.offer.price != second.offer.price


@then(parsers.parse("the storefront made {count:d} {operation} call"))
def _(b2b_client: Adapter, count: int, operation: str) -> None:
    """Outbound calls of one operation so far."""
    assert b2b_client.outbound_calls().get(operation, 0) == count


@then("adding to the cart made no outbound call")
def _(scene: Scene) -> None:
    """A cache hit calls nothing."""
    assert scene.calls_made == {}


@then(parsers.parse("the cart line of the {kind} part is priced at the organization's contract price"))
def _(sim: World, shopper: Shopper, scene: Scene, buyer: BuyerRecord, kind: str) -> None:
    """The cart is priced from the cached offer price."""
    part = scene.parts[kind].part_number
    (line,) = [line for line in shopper.cart() if line.part_number == part]
    assert line.unit_price == sim.price(part, buyer.org_dn)


@then(parsers.parse("the back office holds {quantity:d} of the {kind} part"))
def _(sim: World, scene: Scene, quantity: int, kind: str) -> None:
    """Reserved (Allocated) in the back office."""
    assert sim.reserved(scene.parts[kind].part_number) == {"Allocated": quantity}


@then(parsers.parse("the back office holds the whole cart quantity of the {kind} part"))
def _(sim: World, shopper: Shopper, scene: Scene, kind: str) -> None:
    """Everything in the cart is allocated."""
    part = scene.parts[kind].part_number
    (line,) = [line for line in shopper.cart() if line.part_number == part]
    assert sim.reserved(part) == {"Allocated": line.quantity}


@then(parsers.parse("the back office holds every available unit of the {kind} part"))
def _(sim: World, scene: Scene, kind: str) -> None:
    """A partial reservation allocates what there is."""
    record = scene.parts[kind]
    assert sim.reserved(record.part_number).get("Allocated") == record.quantity


@then("the back office holds no reservation")
def _(sim: World) -> None:
    """Nothing reserved."""
    assert sim.reservations() == 0


@then(parsers.parse("the back office's availability of the {kind} part is {lower:d} lower than seeded"))
def _(sim: World, scene: Scene, kind: str, lower: int) -> None:
    """Available-to-promise went down."""
    record = scene.parts[kind]
    assert sim.stock(record.part_number).quantity == record.quantity - lower


@then(parsers.parse("the back office has {fewer:d} fewer of the {kind} part on hand than seeded"))
def _(sim: World, scene: Scene, fewer: int, kind: str) -> None:
    """The transfer took the stock out of on-hand."""
    record = scene.parts[kind]
    assert sim.stock(record.part_number).on_hand == record.on_hand - fewer


@then(parsers.parse("the order summary prices the {kind} part at the organization's price for {quantity:d}"))
def _(sim: World, summary: OrderSummary, scene: Scene, buyer: BuyerRecord, kind: str, quantity: int) -> None:
    """Refreshed price for the quantity ordered (quantity breaks apply)."""
    part = scene.parts[kind].part_number
    line = summary.line(part)
    assert line.quantity == quantity
    assert line.unit_price == sim.price(part, buyer.org_dn, quantity)


@then(parsers.parse("the order summary prices the {kind} part at the raised price"))
def _(summary: OrderSummary, scene: Scene, kind: str) -> None:
    """Order preparation refreshed the price."""
    part = scene.parts[kind].part_number
    assert summary.line(part).unit_price == scene.raised[part]


@then("the order summary totals add up")
def _(summary: OrderSummary) -> None:
    """Lines add up to the product total, charges to the grand total."""
    totals = summary.totals
    assert all(line.price == line.unit_price * line.quantity for line in summary.lines)
    assert totals.product == sum((line.price for line in summary.lines), Decimal(0))
    assert totals.grand_total == totals.product + totals.shipping + totals.tax
    assert summary.can_submit


@then(parsers.parse("the order summary reports that the {kind} part cannot be reserved"))
def _(summary: OrderSummary, scene: Scene, kind: str) -> None:
    """The reservation failed for that part."""
    assert not summary.can_submit
    assert any(scene.parts[kind].part_number in problem for problem in summary.problems)


@then(parsers.parse("the order summary backorders {quantity:d} of the {kind} part"))
def _(summary: OrderSummary, scene: Scene, quantity: int, kind: str) -> None:
    """Reserved against a future receipt."""
    line = summary.line(scene.parts[kind].part_number)
    assert (line.allocated, line.backordered, line.unallocated) == (Decimal(0), Decimal(quantity), Decimal(0))
    assert summary.can_submit


@then(parsers.parse("the order summary allocates every available unit of the {kind} part"))
def _(summary: OrderSummary, scene: Scene, kind: str) -> None:
    """What is available is allocated."""
    record = scene.parts[kind]
    assert summary.line(record.part_number).allocated == record.quantity
    assert summary.can_submit


@then(parsers.parse("the order summary leaves {quantity:d} of the {kind} part unallocated"))
def _(summary: OrderSummary, scene: Scene, quantity: int, kind: str) -> None:
    """The shortfall stays unallocated."""
    assert summary.line(scene.parts[kind].part_number).unallocated == quantity


@then("the buyer cannot place the order")
def _(shopper: Shopper, sim: World) -> None:
    """The storefront refuses to submit, and no order reaches the back office."""
    held = sim.orders()
    with pytest.raises(Exception):  # noqa: B017 (each storefront refuses in its own way)
        shopper.place_order()
    assert sim.orders() == held


@then("the order confirmation shows the back office's order id")
def _(sim: World, order_id: str) -> None:
    """An id the back office knows."""
    assert order_id and sim.order(order_id)["external_order_id"] == order_id


@then("the back office holds the order for the buyer")
def _(sim: World, buyer: BuyerRecord, order_id: str) -> None:
    """Placed through the storefront by this buyer."""
    held = sim.order(order_id)
    assert (held["buyer_logon_id"], held["channel"]) == (buyer.logon_id, "Web Channel")


@then("the quote confirmation shows the back office's quote id")
def _(sim: World, quote_id: str) -> None:
    """An id the back office knows."""
    assert quote_id and sim.quote(quote_id)["external_quote_id"] == quote_id


@then("the back office holds the quote for the buyer")
def _(sim: World, buyer: BuyerRecord, quote_id: str) -> None:
    """Submitted through the storefront by this buyer."""
    held = sim.quote(quote_id)
    assert (held["buyer_logon_id"], held["channel"]) == (buyer.logon_id, "Web Channel")


@then("the order history lists the new order")
@then("the quote list shows the new quote")
def _(listed: list[Document], request: pytest.FixtureRequest) -> None:
    """The order or quote just placed is listed."""
    fixture = "order_id" if "order_id" in request.fixturenames else "quote_id"
    new: str = request.getfixturevalue(fixture)
    assert new in [document.external_id for document in listed]


@then("the order history lists the buyer's orders from other channels")
def _(sim: World, buyer: BuyerRecord, listed: list[Document]) -> None:
    """Phone, EDI, CSR and store orders are listed too."""
    others = {document.external_id for document in listed if document.from_other_channel}
    assert others and others == set(sim.other_channel_orders(buyer))


@then("the quote list shows the buyer's quotes from other channels")
def _(sim: World, buyer: BuyerRecord, listed: list[Document]) -> None:
    """Quotes created in other channels are listed too."""
    others = {document.external_id for document in listed if document.from_other_channel}
    assert others and others == set(sim.other_channel_quotes(buyer))


@then(parsers.parse("the details show {quantity:d} of the {kind} part at the order summary's price"))
def _(details: Document, summary: OrderSummary, scene: Scene, quantity: int, kind: str) -> None:
    """The back office's lines match what the buyer accepted."""
    part = scene.parts[kind].part_number
    (line,) = [line for line in details.lines if line.part_number == part]
    assert (line.quantity, line.unit_price) == (Decimal(quantity), summary.line(part).unit_price)


@then(parsers.parse("the details show the order as {status}"))
def _(details: Document, status: str) -> None:
    """Order status as Commerce names it."""
    assert details.status == {"received": "C", "backordered": "B"}[status]


@then(parsers.parse("the details show the {kind} part as backordered"))
def _(details: Document, scene: Scene, kind: str) -> None:
    """The line waits for its receipt."""
    (line,) = [line for line in details.lines if line.part_number == scene.parts[kind].part_number]
    assert line.status == "B"


@then("the details match the back office's order")
def _(sim: World, details: Document) -> None:
    """Status, channel, total and lines as the back office holds them."""
    held = sim.order(details.external_id)
    assert (details.status, details.channel) == (held["status"], held["channel"])
    assert sorted((line.part_number, int(line.quantity)) for line in details.lines) == sorted(
        (line["part_number"], line["quantity"]) for line in held["lines"])
    assert details.from_other_channel
