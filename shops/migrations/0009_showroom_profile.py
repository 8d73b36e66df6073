import django.db.models.deletion
from django.db import migrations, models

import catalogue.provinces


def structure_existing(apps, schema_editor):
    """Read the free-text hours and addresses showrooms had into the new fields.

    "08:00–21:00 hằng ngày" and "07:30–17:30, thứ Hai – thứ Bảy" become periods
    (the text is then cleared); anything else stays as the hours note. A
    ward of the showroom's province named in the address becomes its ward,
    and the address keeps only what came before it (the street line).
    """
    from shops.hours import parse_hours
    from shops.wards import find_ward, ward_name

    Partner = apps.get_model("partner", "Partner")
    OpeningPeriod = apps.get_model("partner", "OpeningPeriod")
    for partner in Partner.objects.order_by("pk"):
        periods = parse_hours(partner.opening_hours)
        if periods:
            OpeningPeriod.objects.bulk_create(
                OpeningPeriod(partner=partner, weekday=p.weekday, opens=p.opens, closes=p.closes)
                for p in periods
            )
            partner.opening_hours = ""
        ward = find_ward(partner.province_code, partner.address) if partner.province_code else None
        if ward:
            parts = [part.strip() for part in partner.address.split(",")]
            name = ward_name(ward).lower()
            at = next((i for i, part in enumerate(parts) if name in part.lower()), len(parts))
            partner.ward_code = ward
            partner.address = ", ".join(parts[:at])
        partner.save(update_fields=["opening_hours", "ward_code", "address"])


class Migration(migrations.Migration):
    """Showroom data: structured address, opening hours, contact, photo, active flag."""

    dependencies = [("partner", "0008_partner_address_partner_is_showroom_partner_latitude_and_more")]

    operations = [
        migrations.AddField(
            model_name='partner',
            name='email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='Thư điện tử'),
        ),
        migrations.AddField(
            model_name='partner',
            name='is_active',
            field=models.BooleanField(default=True, help_text='Bỏ chọn để tạm ẩn điểm bán khỏi danh sách và bản đồ.', verbose_name='Đang hoạt động'),
        ),
        migrations.AddField(
            model_name='partner',
            name='photo',
            field=models.ImageField(blank=True, max_length=255, upload_to='showrooms/', verbose_name='Ảnh'),
        ),
        migrations.AddField(
            model_name='partner',
            name='ward_code',
            field=models.CharField(blank=True, max_length=5, verbose_name='Phường/xã'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='address',
            field=models.CharField(blank=True, help_text='Số nhà, tên đường hoặc thôn/tổ dân phố; phường/xã và tỉnh chọn riêng.', max_length=255, verbose_name='Số nhà, đường'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='is_showroom',
            field=models.BooleanField(default=True, help_text='Điểm bán hiện cho người mua; đối tác khác (kho trực tuyến) chỉ giao hàng.', verbose_name='Là điểm bán'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='latitude',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name='Vĩ độ'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='longitude',
            field=models.DecimalField(blank=True, decimal_places=6, max_digits=9, null=True, verbose_name='Kinh độ'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='opening_hours',
            field=models.CharField(blank=True, help_text='Ví dụ: nghỉ Tết Nguyên đán. Giờ mở cửa từng ngày nhập ở bảng bên dưới.', max_length=255, verbose_name='Ghi chú giờ mở cửa'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='phone',
            field=models.CharField(blank=True, max_length=32, verbose_name='Điện thoại'),
        ),
        migrations.AlterField(
            model_name='partner',
            name='province_code',
            field=models.CharField(blank=True, choices=catalogue.provinces.province_choices, db_index=True, max_length=2, verbose_name='Tỉnh/thành'),
        ),
        migrations.CreateModel(
            name='OpeningPeriod',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, 'Thứ Hai'), (1, 'Thứ Ba'), (2, 'Thứ Tư'), (3, 'Thứ Năm'), (4, 'Thứ Sáu'), (5, 'Thứ Bảy'), (6, 'Chủ nhật')], verbose_name='Thứ')),
                ('opens', models.TimeField(verbose_name='Mở cửa')),
                ('closes', models.TimeField(help_text='Sớm hơn giờ mở cửa nghĩa là đóng cửa vào hôm sau.', verbose_name='Đóng cửa')),
                ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='opening_periods', to='partner.partner')),
            ],
            options={
                'verbose_name': 'Giờ mở cửa',
                'verbose_name_plural': 'Giờ mở cửa',
                'ordering': ['partner', 'weekday', 'opens'],
                'constraints': [models.CheckConstraint(condition=models.Q(('weekday__lte', 6)), name='opening_weekday_0_to_6'), models.CheckConstraint(condition=models.Q(('opens', models.F('closes')), _negated=True), name='opening_not_empty')],
            },
        ),
        migrations.RunPython(structure_existing, migrations.RunPython.noop),
    ]
