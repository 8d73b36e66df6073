import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def open_ledger(apps, schema_editor):
    """Give every existing stock record an opening movement equal to its level, and
    its existing allocation a held reservation, so that the ledger reconciles from
    the start (level = Σ movements, allocation = Σ held reservations)."""
    StockRecord = apps.get_model("partner", "StockRecord")
    StockMovement = apps.get_model("partner", "StockMovement")
    Reservation = apps.get_model("partner", "Reservation")
    now = django.utils.timezone.now()
    records = StockRecord.objects.order_by("pk").values_list("pk", "num_in_stock", "num_allocated")
    movements, reservations = [], []
    for pk, in_stock, allocated in records.iterator(chunk_size=2000):
        # Oscar's cancel could leave an allocation above the level: cap it there.
        in_stock, allocated = in_stock or 0, max(0, min(allocated or 0, in_stock or 0))
        StockRecord.objects.filter(pk=pk).update(num_in_stock=in_stock, num_allocated=allocated)
        if in_stock:
            movements.append(StockMovement(stockrecord_id=pk, reason="received", quantity=in_stock,
                                           allocated=allocated, created_at=now,
                                           note="Tồn đầu kỳ"))
        if allocated:
            reservations.append(Reservation(stockrecord_id=pk, key=f"oscar:opening-{pk}",
                                            quantity=allocated, created_at=now))
        if len(movements) >= 2000:
            StockMovement.objects.bulk_create(movements)
            movements = []
    StockMovement.objects.bulk_create(movements)
    Reservation.objects.bulk_create(reservations)


class Migration(migrations.Migration):
    """The stock ledger: movements and reservations."""

    dependencies = [
        ("partner", "0009_showroom_profile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Reservation',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=100, unique=True, verbose_name='khóa')),
                ('quantity', models.PositiveIntegerField(verbose_name='số lượng')),
                ('state', models.CharField(choices=[('held', 'Đang giữ'), ('consumed', 'Đã xuất'), ('released', 'Đã hủy'), ('expired', 'Hết hạn')], default='held', max_length=10, verbose_name='trạng thái')),
                ('expires_at', models.DateTimeField(blank=True, null=True, verbose_name='hết hạn lúc')),
                ('order_number', models.CharField(blank=True, max_length=128, verbose_name='số đơn hàng')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='tạo lúc')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='cập nhật lúc')),
            ],
            options={
                'verbose_name': 'giữ hàng',
                'verbose_name_plural': 'giữ hàng',
            },
        ),
        migrations.CreateModel(
            name='StockMovement',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('reason', models.CharField(choices=[('received', 'Nhập hàng'), ('sold_in_store', 'Bán tại cửa hàng'), ('online_order', 'Đơn hàng trực tuyến'), ('pickup', 'Khách nhận tại cửa hàng'), ('reservation', 'Giữ hàng'), ('release', 'Hủy giữ hàng'), ('damaged', 'Hủy hàng hư hỏng'), ('expired', 'Hủy hàng hết hạn sử dụng'), ('transfer_out', 'Chuyển đi điểm bán khác'), ('transfer_in', 'Nhận từ điểm bán khác'), ('count_correction', 'Điều chỉnh theo kiểm kê')], max_length=20, verbose_name='lý do')),
                ('quantity', models.IntegerField(verbose_name='số lượng')),
                ('allocated', models.IntegerField(default=0, verbose_name='số lượng giữ')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='thời điểm')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='ghi chú')),
                ('reference', models.CharField(blank=True, db_index=True, max_length=64, verbose_name='tham chiếu')),
            ],
            options={
                'verbose_name': 'biến động tồn kho',
                'verbose_name_plural': 'biến động tồn kho',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='reservation',
            name='stockrecord',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reservations', to='partner.stockrecord', verbose_name='bản ghi tồn kho'),
        ),
        migrations.AddField(
            model_name='stockmovement',
            name='stockrecord',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='movements', to='partner.stockrecord', verbose_name='bản ghi tồn kho'),
        ),
        migrations.AddField(
            model_name='stockmovement',
            name='user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người thực hiện'),
        ),
        migrations.AddIndex(
            model_name='reservation',
            index=models.Index(fields=['stockrecord', 'state'], name='reservation_record_state'),
        ),
        migrations.AddIndex(
            model_name='reservation',
            index=models.Index(condition=models.Q(('expires_at__isnull', False), ('state', 'held')), fields=['expires_at'], name='reservation_held_expiry'),
        ),
        migrations.AddConstraint(
            model_name='reservation',
            constraint=models.CheckConstraint(condition=models.Q(('quantity__gt', 0)), name='reservation_quantity_positive'),
        ),
        migrations.AddIndex(
            model_name='stockmovement',
            index=models.Index(fields=['stockrecord', '-created_at'], name='movement_record_time'),
        ),
        migrations.RunPython(open_ledger, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='stockrecord',
            constraint=models.CheckConstraint(condition=models.Q(('num_allocated__isnull', True), models.Q(('num_allocated__gte', 0), ('num_allocated__lte', models.F('num_in_stock'))), _connector='OR'), name='stockrecord_allocation_within_stock'),
        ),
    ]
