<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="uk_UA">
<context>
    <name>AgentStateBar</name>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="29"/>
        <source>Стан оператора</source>
        <translation>Operator state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="34"/>
        <source>Поточний стан</source>
        <translation>Current state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="37"/>
        <location filename="../../operator_app/ui/state_bar.py" line="80"/>
        <location filename="../../operator_app/ui/state_bar.py" line="128"/>
        <source>Готовий</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="38"/>
        <source>Готовий приймати дзвінки</source>
        <translation>Ready to take calls</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="42"/>
        <location filename="../../operator_app/ui/state_bar.py" line="84"/>
        <source>Не готовий</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="43"/>
        <source>Не готовий, з причиною</source>
        <translation>Not ready, with a reason</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="50"/>
        <source>Завершити обробку</source>
        <translation>Finish wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="51"/>
        <source>Завершити післядзвінкову обробку</source>
        <translation>Finish after-call wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="70"/>
        <source>Перерва</source>
        <translation>Break</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="71"/>
        <source>Навчання</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="72"/>
        <source>Технічна проблема</source>
        <translation>Technical problem</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="73"/>
        <source>Нарада</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="74"/>
        <source>Зворотні дзвінки</source>
        <translation>Callbacks</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="85"/>
        <source>Не готовий: {0}</source>
        <translation>Not ready: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="87"/>
        <source>Розмова</source>
        <translation>On call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="89"/>
        <source>Обробка після дзвінка</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="90"/>
        <source>Не в мережі</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="138"/>
        <source>залишилось {0} с</source>
        <translation>{0} s left</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="106"/>
        <source>SIP не зареєстровано: дзвінки не надходитимуть</source>
        <translation>SIP not registered: calls will not arrive</translation>
    </message>
</context>
<context>
    <name>AppealForm</name>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="90"/>
        <source>Форма звернення</source>
        <translation>Appeal form</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="105"/>
        <source>Телефон заявника</source>
        <translation>Caller&apos;s phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="106"/>
        <source>Телефон:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="108"/>
        <source>Прізвище, ім&apos;я заявника</source>
        <translation>Caller&apos;s full name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="109"/>
        <source>ПІБ:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="112"/>
        <source>Почніть вводити код або назву проблеми</source>
        <translation>Start typing a problem code or name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="113"/>
        <source>Проблема за класифікатором</source>
        <translation>Problem from the classifier</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="123"/>
        <source>Класифікатор</source>
        <translation>Classifier</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="131"/>
        <source>Проблема:</source>
        <translation>Problem:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="134"/>
        <source>Вулиця та номер будинку</source>
        <translation>Street and house number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="135"/>
        <source>Адреса будинку</source>
        <translation>Building address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="149"/>
        <source>Адреса:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="152"/>
        <source>Квартира</source>
        <translation>Flat</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="154"/>
        <source>Під&apos;їзд</source>
        <translation>Entrance</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="158"/>
        <source>Квартира:</source>
        <translation>Flat:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="160"/>
        <source>Під&apos;їзд:</source>
        <translation>Entrance:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="165"/>
        <source>Опис проблеми</source>
        <translation>Problem description</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="173"/>
        <source>Опис:</source>
        <translation>Description:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="176"/>
        <source>Номер для зворотного зв&apos;язку</source>
        <translation>Callback number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="177"/>
        <source>Номер для відповіді:</source>
        <translation>Callback number:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="195"/>
        <source>Відкриті звернення з тією ж проблемою</source>
        <translation>Open appeals with the same problem</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="196"/>
        <source>Приєднати до існуючого</source>
        <translation>Join the existing appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="197"/>
        <source>Приєднати заявника до існуючого звернення</source>
        <translation>Join the caller to the existing appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="214"/>
        <location filename="../../operator_app/ui/appeal_form.py" line="215"/>
        <source>Зареєструвати звернення</source>
        <translation>Register appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="218"/>
        <source>Нове звернення</source>
        <translation>New appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="333"/>
        <source>{0} р-н</source>
        <translation>{0} district</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="345"/>
        <source>Визначаємо виконавця…</source>
        <translation>Finding the executor…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="352"/>
        <source>Виконавець: {0}; термін: {1} дн. (сервер недоступний, уточнення пізніше)</source>
        <translation>Executor: {0}; term: {1} days (server unavailable, to be confirmed later)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="363"/>
        <source>Виконавець: {0}. Термін виконання: до {1} ({2} дн.)</source>
        <translation>Executor: {0}. Deadline: {1} ({2} days)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="366"/>
        <source> — АВАРІЙНА</source>
        <translation> — EMERGENCY</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="371"/>
        <source>Увага: за цією адресою вже є відкрите звернення з цієї проблеми ({0}). Краще приєднати заявника до існуючого, ніж створювати повторне.</source>
        <translation>Warning: this building already has an open appeal about this problem ({0}). Join the caller to it rather than registering a repeat.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="375"/>
        <source>№ {0} — {1}, до {2}</source>
        <translation>No. {0} — {1}, due {2}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="462"/>
        <source>Оберіть проблему з класифікатора</source>
        <translation>Choose a problem from the classifier</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="467"/>
        <source>Оберіть будинок зі списку адрес</source>
        <translation>Choose a building from the address list</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="429"/>
        <source>Опишіть проблему словами заявника</source>
        <translation>Describe the problem in the caller&apos;s words</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="431"/>
        <source>Опис задовгий: {0} знаків, можна не більше {1}</source>
        <translation>The description is too long: {0} characters, at most {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="492"/>
        <source>Надсилаємо…</source>
        <translation>Sending…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="502"/>
        <source>Заявника приєднано до звернення</source>
        <translation>The caller has joined appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="504"/>
        <source>Звернення зареєстровано</source>
        <translation>Appeal registered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="508"/>
        <source>Термін: до {0}</source>
        <translation>Deadline: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="518"/>
        <source>Сервер недоступний: звернення збережене на цьому комп&apos;ютері ({0}) і буде надіслане автоматично. Номер повідомте заявнику у зворотному дзвінку.</source>
        <translation>Server unavailable: the appeal is saved on this computer ({0}) and will be sent automatically. Give the caller the number in a callback.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/appeal_form.py" line="596"/>
        <source>Відновлено незавершене звернення.</source>
        <translation>An unfinished appeal was restored.</translation>
    </message>
</context>
<context>
    <name>AppealTable</name>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="45"/>
        <source>Номер</source>
        <translation>Number</translation>
    </message>
    <message>
        <source>Стан</source>
        <translation type="vanished">Status</translation>
    </message>
    <message>
        <source>Проблема</source>
        <translation type="vanished">Problem</translation>
    </message>
    <message>
        <source>Адреса</source>
        <translation type="vanished">Address</translation>
    </message>
    <message>
        <source>Термін</source>
        <translation type="vanished">Deadline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="45"/>
        <source>Проблема, адреса</source>
        <translation>Problem, address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="45"/>
        <source>Стан, термін</source>
        <translation>Status, deadline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="94"/>
        <source>{0} ⚠</source>
        <translation>{0} ⚠</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="108"/>
        <source>Прострочено: термін {0}</source>
        <translation>Overdue: deadline {0}</translation>
    </message>
</context>
<context>
    <name>ConsultationPanel</name>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="76"/>
        <source>Консультація</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="80"/>
        <source>Пошук у базі знань (Ctrl+K)</source>
        <translation>Search the knowledge base (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="81"/>
        <source>Пошук у базі знань</source>
        <translation>Knowledge base search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="88"/>
        <source>Знайдені статті</source>
        <translation>Articles found</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="98"/>
        <source>Стаття бази знань</source>
        <translation>Knowledge base article</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="104"/>
        <source>База знань</source>
        <translation>Knowledge base</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="109"/>
        <source>Організація, служба, телефон</source>
        <translation>Organisation, service, phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="110"/>
        <source>Пошук у довіднику</source>
        <translation>Directory search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="114"/>
        <source>Довідник</source>
        <translation>Directory</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="119"/>
        <location filename="../../operator_app/ui/consultation.py" line="120"/>
        <source>Тема консультації</source>
        <translation>Consultation topic</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="122"/>
        <location filename="../../operator_app/ui/consultation.py" line="123"/>
        <source>Зафіксувати консультацію</source>
        <translation>Log consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="175"/>
        <source>Нічого не знайдено за запитом «{0}»</source>
        <translation>Nothing found for “{0}”</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="203"/>
        <source>Сфера: {0}. Автор: {1}, редактор: {2}, оновлено {3}</source>
        <translation>Sphere: {0}. Author: {1}, editor: {2}, updated {3}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="211"/>
        <source>База знань недоступна: {0}</source>
        <translation>Knowledge base unavailable: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="229"/>
        <source>Нічого не знайдено</source>
        <translation>Nothing found</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="233"/>
        <source>Статей: {0}</source>
        <translation>Articles: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="238"/>
        <source>Вкажіть тему консультації</source>
        <translation>Enter the consultation topic</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="248"/>
        <source>Сервер недоступний: консультацію збережено локально, буде надіслана пізніше.</source>
        <translation>Server unavailable: the consultation is saved locally and will be sent later.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/consultation.py" line="250"/>
        <source>Консультацію зафіксовано.</source>
        <translation>Consultation logged.</translation>
    </message>
</context>
<context>
    <name>DecisionsPanel</name>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="48"/>
        <source>№ звернення</source>
        <translation>Appeal No.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="48"/>
        <source>Чому</source>
        <translation>Why</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="48"/>
        <source>Спроб</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="49"/>
        <source>Повернень</source>
        <translation>Reworks</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="49"/>
        <source>Проблема, адреса</source>
        <translation>Problem, address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="59"/>
        <source>Коментар до рішення (обов&apos;язково)</source>
        <translation>Comment on the decision (required)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="65"/>
        <source>Ще раз зателефонувати</source>
        <translation>Call once more</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="66"/>
        <source>На доопрацювання</source>
        <translation>Back for rework</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="67"/>
        <source>Закрити</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="67"/>
        <source>Скасувати</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="84"/>
        <source>не відповідає</source>
        <translation>no answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="85"/>
        <source>ліміт повернень</source>
        <translation>rework limit</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="98"/>
        <source>Чекають рішення: {0}</source>
        <translation>Waiting for a decision: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="104"/>
        <source>Оберіть звернення у списку</source>
        <translation>Choose an appeal in the list</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/decisions_panel.py" line="108"/>
        <source>Напишіть коментар до рішення</source>
        <translation>Write a comment on the decision</translation>
    </message>
</context>
<context>
    <name>DesktopShell</name>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="96"/>
        <source>Централізовані налаштування відхилено: {0}. Діють попередні.</source>
        <translation>Central settings refused: {0}. The previous ones stay in force.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="103"/>
        <source>Отримано нові налаштування від ІТ-служби; вони діятимуть після перезапуску програми.</source>
        <translation>New settings arrived from IT; they take effect when the program restarts.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="141"/>
        <source>Робоче місце оператора</source>
        <translation>Operator workspace</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="142"/>
        <source>Перевірка виконання (зворотні дзвінки)</source>
        <translation>Completion check (callbacks)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="143"/>
        <source>&amp;Вікно</source>
        <translation>&amp;Window</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="167"/>
        <source>Спершу завершіть дзвінок, потім перемикайте вікно</source>
        <translation>Finish the call first, then switch the window</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="19"/>
        <source>Зареєстровано</source>
        <translation>Registered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="20"/>
        <source>В роботі</source>
        <translation>In work</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="21"/>
        <source>На перевірці</source>
        <translation>Awaiting verification</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="22"/>
        <source>Закрито</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="23"/>
        <source>Скасовано</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="30"/>
        <source>підтверджено</source>
        <translation>confirmed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="31"/>
        <source>не вирішено</source>
        <translation>not resolved</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="32"/>
        <source>не відповідає</source>
        <translation>no answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="33"/>
        <source>зайнято</source>
        <translation>busy</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="34"/>
        <source>хибний номер</source>
        <translation>wrong number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="35"/>
        <source>домовились передзвонити</source>
        <translation>callback agreed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="36"/>
        <source>старший зміни: ще раз</source>
        <translation>shift lead: once more</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="37"/>
        <source>старший зміни: на доопрацювання</source>
        <translation>shift lead: back for rework</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="38"/>
        <source>старший зміни: закрито</source>
        <translation>shift lead: closed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="39"/>
        <source>старший зміни: скасовано</source>
        <translation>shift lead: cancelled</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="46"/>
        <source>Гаряча вода</source>
        <translation>Hot water</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="47"/>
        <source>Холодна вода</source>
        <translation>Cold water</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="48"/>
        <source>Опалення</source>
        <translation>Heating</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="49"/>
        <source>Електропостачання</source>
        <translation>Electricity</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="50"/>
        <source>Ліфт</source>
        <translation>Lift</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="57"/>
        <source>Планові роботи</source>
        <translation>Planned works</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/labels.py" line="58"/>
        <source>Аварійне відключення</source>
        <translation>Emergency outage</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="31"/>
        <source>Вхід до системи 1551</source>
        <translation>Sign in to 1551</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="40"/>
        <source>Ім&apos;я користувача</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="43"/>
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="45"/>
        <source>Користувач SIP</source>
        <translation>SIP user</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="48"/>
        <source>Пароль SIP</source>
        <translation>SIP password</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="49"/>
        <source>Користувач:</source>
        <translation>User:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="50"/>
        <source>Пароль:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="51"/>
        <source>Користувач SIP:</source>
        <translation>SIP user:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="52"/>
        <source>Пароль SIP:</source>
        <translation>SIP password:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="54"/>
        <source>Запам&apos;ятати паролі в системному сховищі</source>
        <translation>Remember passwords in the system keyring</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="64"/>
        <source>На цьому комп&apos;ютері немає системного сховища паролів: паролі не зберігаються і їх потрібно вводити на початку кожного сеансу.</source>
        <translation>This computer has no system keyring: passwords are not stored and must be entered at the start of each session.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="74"/>
        <source>Увійти</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="97"/>
        <source>Введіть ім&apos;я користувача та пароль</source>
        <translation>Enter the user name and password</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="99"/>
        <source>Перевіряємо…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/login_dialog.py" line="123"/>
        <source>Сервер недоступний: {0}</source>
        <translation>Server unavailable: {0}</translation>
    </message>
</context>
<context>
    <name>ScreenPopPanel</name>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="125"/>
        <source>Картка абонента</source>
        <translation>Caller card</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="143"/>
        <source>Відключення та планові роботи</source>
        <translation>Outages and planned works</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="146"/>
        <location filename="../../operator_app/ui/screen_pop.py" line="176"/>
        <source>Звернення абонента</source>
        <translation>Caller&apos;s appeals</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="151"/>
        <location filename="../../operator_app/ui/screen_pop.py" line="177"/>
        <source>Відкриті звернення за адресою</source>
        <translation>Open appeals at the address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="156"/>
        <source>Ймовірна відповідь (база знань)</source>
        <translation>Likely answer (knowledge base)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="160"/>
        <source>Відкрити статтю</source>
        <translation>Open article</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="161"/>
        <source>Відкрити запропоновану статтю</source>
        <translation>Open the suggested article</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="182"/>
        <source>Немає дзвінка</source>
        <translation>No call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="183"/>
        <source>Картка абонента з&apos;явиться, щойно надійде дзвінок.</source>
        <translation>The caller card appears as soon as a call comes in.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="194"/>
        <source>Завантаження історії…</source>
        <translation>Loading history…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="203"/>
        <source>Історія недоступна: немає зв&apos;язку з сервером. Звернення можна зареєструвати — воно буде надіслане пізніше.</source>
        <translation>History unavailable: no connection to the server. You can still register an appeal; it will be sent later.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="216"/>
        <source>Адреси: {0}</source>
        <translation>Addresses: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="218"/>
        <source>Новий абонент: звернень з цього номера ще не було.</source>
        <translation>New caller: no appeals from this number yet.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="224"/>
        <source>Звернення абонента ({0})</source>
        <translation>Caller&apos;s appeals ({0})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="226"/>
        <source>, прострочено: {0}</source>
        <translation>, overdue: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="231"/>
        <source>Відкриті звернення за адресою ({0})</source>
        <translation>Open appeals at the address ({0})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="243"/>
        <source>Номер приховано</source>
        <translation>Number withheld</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="251"/>
        <source>⚠ За адресою абонента відомі відключення — надайте консультацію, нове звернення не потрібне:</source>
        <translation>⚠ Known outages at the caller&apos;s address: give a consultation, no new appeal is needed:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="255"/>
        <source>• {0}: {1}, {2} — до {3}. {4}</source>
        <translation>• {0}: {1}, {2} — until {3}. {4}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="268"/>
        <source>Немає пропозицій.</source>
        <translation>No suggestions.</translation>
    </message>
</context>
<context>
    <name>ScriptsPanel</name>
    <message>
        <location filename="../../operator_app/ui/scripts_panel.py" line="15"/>
        <source>Сценарій розмови</source>
        <translation>Call script</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/scripts_panel.py" line="18"/>
        <source>Обрати сценарій</source>
        <translation>Choose a script</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/scripts_panel.py" line="20"/>
        <source>Текст сценарію</source>
        <translation>Script text</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/scripts_panel.py" line="68"/>
        <source>Сценарії не завантажено.</source>
        <translation>No call scripts loaded.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="59"/>
        <source>Параметри</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="64"/>
        <source>Сервер і телефонія</source>
        <translation>Server and telephony</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="67"/>
        <source>порожньо — вбудована демонстрація</source>
        <translation>empty: the embedded demo</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="68"/>
        <source>Адреса API:</source>
        <translation>API URL:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="71"/>
        <source>SIP-реєстратор:</source>
        <translation>SIP registrar:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="73"/>
        <source>Користувач SIP:</source>
        <translation>SIP user:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="76"/>
        <source>не змінювати</source>
        <translation>leave unchanged</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="77"/>
        <source>Пароль SIP:</source>
        <translation>SIP password:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="81"/>
        <source>Транспорт:</source>
        <translation>Transport:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="84"/>
        <source>порожньо — сертифікати системи</source>
        <translation>empty — the system&apos;s certificates</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="85"/>
        <source>Файл CA для TLS:</source>
        <translation>TLS CA file:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="86"/>
        <source>Перевіряти сертифікат АТС</source>
        <translation>Verify the PBX certificate</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="88"/>
        <source>Шифрувати звук (SRTP) через TLS</source>
        <translation>Encrypt audio (SRTP) over TLS</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="97"/>
        <location filename="../../operator_app/ui/settings_dialog.py" line="99"/>
        <source>Типовий</source>
        <translation>Default</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="101"/>
        <source>Як навушники</source>
        <translation>Same as headset</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="115"/>
        <source>Рівень мікрофона</source>
        <translation>Microphone level</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="116"/>
        <location filename="../../operator_app/ui/settings_dialog.py" line="117"/>
        <source>Тестовий сигнал</source>
        <translation>Test tone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="125"/>
        <source>Мікрофон:</source>
        <translation>Microphone:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="126"/>
        <source>Навушники:</source>
        <translation>Headset:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="128"/>
        <source>Дзвінок:</source>
        <translation>Ringtone:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="138"/>
        <source> с</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="140"/>
        <source>Обробка після дзвінка:</source>
        <translation>Wrap-up limit:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="145"/>
        <source>Мова інтерфейсу:</source>
        <translation>Interface language:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="146"/>
        <source>Зміна мови набуде чинності після перезапуску.</source>
        <translation>A language change takes effect after a restart.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="149"/>
        <source>Гарячі клавіші</source>
        <translation>Hotkeys</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="153"/>
        <source>Відповісти</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="153"/>
        <source>Утримання</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="154"/>
        <source>Завершити дзвінок</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="154"/>
        <source>Готовий</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="155"/>
        <source>Не готовий</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="155"/>
        <source>Нове звернення</source>
        <translation>New appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="156"/>
        <source>Пошук у базі знань</source>
        <translation>Knowledge base search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="156"/>
        <source>Консультація</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="195"/>
        <source>встановлено ІТ</source>
        <translation>set by IT</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="196"/>
        <source>встановлено централізовано</source>
        <translation>set centrally</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="199"/>
        <source>Це значення {0}: змінити його тут не можна</source>
        <translation>This value is {0}: it cannot be changed here</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="266"/>
        <source>Адреса API має починатися з http:// або https://</source>
        <translation>The API URL must start with http:// or https://</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/settings_dialog.py" line="290"/>
        <source>Не вдалося зберегти налаштування: {0}</source>
        <translation>Could not save the settings: {0}</translation>
    </message>
</context>
<context>
    <name>SoftphonePanel</name>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="54"/>
        <source>Софтфон</source>
        <translation>Softphone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="60"/>
        <source>Дзвінок</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="71"/>
        <source>Відповісти</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="74"/>
        <source>Утримання</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="77"/>
        <source>Мікрофон вимк.</source>
        <translation>Mute</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="80"/>
        <source>Завершити</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="91"/>
        <source>Кому переадресувати</source>
        <translation>Transfer to</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="92"/>
        <source>Номер для переадресації</source>
        <translation>Transfer target number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="93"/>
        <source>Переадресувати</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="96"/>
        <source>З консультацією</source>
        <translation>Consult first</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="106"/>
        <source>Набір номера / DTMF</source>
        <translation>Dial pad / DTMF</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="110"/>
        <location filename="../../operator_app/ui/softphone.py" line="111"/>
        <source>Номер для вихідного дзвінка</source>
        <translation>Number for an outgoing call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="112"/>
        <source>Подзвонити</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="121"/>
        <source>Клавіша {0}</source>
        <translation>Key {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="148"/>
        <source>SIP: не підключено</source>
        <translation>SIP: not connected</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="153"/>
        <source>SIP: реєстрація…</source>
        <translation>SIP: registering…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="150"/>
        <source>SIP: помилка {0} {1}</source>
        <translation>SIP: error {0} {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="155"/>
        <source>SIP: не зареєстровано</source>
        <translation>SIP: not registered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="157"/>
        <source>SIP: зареєстровано, у черзі 1551</source>
        <translation>SIP: registered, in the 1551 queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="159"/>
        <source>SIP: черга 1551 недоступна ({0} {1})</source>
        <translation>SIP: 1551 queue unavailable ({0} {1})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="163"/>
        <source>SIP: зареєстровано, поза чергою</source>
        <translation>SIP: registered, out of the queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="193"/>
        <source>Немає активного дзвінка</source>
        <translation>No active call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="197"/>
        <source>Номер приховано</source>
        <translation>Number withheld</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="198"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="206"/>
        <source>вхідний дзвінок</source>
        <translation>incoming call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="207"/>
        <source>виклик</source>
        <translation>calling</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="208"/>
        <source>гудки</source>
        <translation>ringing</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="209"/>
        <source>з&apos;єднання</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="210"/>
        <source>розмова</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="211"/>
        <source>на утриманні</source>
        <translation>on hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="218"/>
        <source>Тривалість: --:--</source>
        <translation>Duration: --:--</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="223"/>
        <source>Тривалість: {0}</source>
        <translation>Duration: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="226"/>
        <source>Утримання: {0} (всього {1})</source>
        <translation>Hold: {0} (total {1})</translation>
    </message>
</context>
<context>
    <name>WorklistWindow</name>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="105"/>
        <source>Контакт-центр 1551 — перевірка виконання</source>
        <translation>1551 Contact Centre — completion check</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="116"/>
        <source>Не виконано вхід до системи</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="125"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="502"/>
        <source>Усі райони</source>
        <translation>All districts</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="126"/>
        <source>Усі сфери</source>
        <translation>All spheres</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="127"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="504"/>
        <source>Усі виконавці</source>
        <translation>All executors</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="133"/>
        <source>з будь-якої дати</source>
        <translation>any date</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="137"/>
        <source>Район:</source>
        <translation>District:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="139"/>
        <source>Сфера:</source>
        <translation>Sphere:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="141"/>
        <source>Виконавець:</source>
        <translation>Executor:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="143"/>
        <source>Виконано від:</source>
        <translation>Completed since:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="151"/>
        <source>№ звернення</source>
        <translation>Appeal No.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="151"/>
        <source>Перевірити до</source>
        <translation>Check by</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="151"/>
        <source>Спроб</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <source>Проблема</source>
        <translation type="vanished">Problem</translation>
    </message>
    <message>
        <source>Адреса</source>
        <translation type="vanished">Address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="152"/>
        <source>Стан</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="152"/>
        <source>Проблема, адреса</source>
        <translation>Problem, address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="165"/>
        <source>◀ Попередня</source>
        <translation>◀ Previous</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="166"/>
        <source>Наступна ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="182"/>
        <source>Перевірка</source>
        <translation>Check</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="193"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="300"/>
        <source>Зателефонувати</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="198"/>
        <source>Звільнити</source>
        <translation>Release</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="206"/>
        <source>Історія звернення і попередні спроби:</source>
        <translation>Appeal history and earlier attempts:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="209"/>
        <source>Результат дзвінка</source>
        <translation>Call outcome</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="216"/>
        <source>Що сказав заявник (обов&apos;язково)</source>
        <translation>What the applicant said (required)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="229"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="302"/>
        <source>Підтверджено</source>
        <translation>Confirmed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="230"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="304"/>
        <source>Не вирішено</source>
        <translation>Not resolved</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="231"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="306"/>
        <source>Не відповідає</source>
        <translation>No answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="232"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="308"/>
        <source>Зайнято</source>
        <translation>Busy</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="233"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="309"/>
        <source>Хибний номер</source>
        <translation>Wrong number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="240"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="311"/>
        <source>Передзвонити пізніше</source>
        <translation>Call back later</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="245"/>
        <source>Коментар:</source>
        <translation>Comment:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="246"/>
        <source>Оцінка роботи (1–5):</source>
        <translation>Work rating (1–5):</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="249"/>
        <source>Домовились на:</source>
        <translation>Agreed for:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="273"/>
        <source>Зворотні дзвінки</source>
        <translation>Callbacks</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="287"/>
        <source>&amp;Перевірка</source>
        <translation>&amp;Check</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="299"/>
        <source>Наступне звернення</source>
        <translation>Next appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="301"/>
        <source>Завершити дзвінок</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="312"/>
        <source>Звільнити звернення</source>
        <translation>Release the appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="313"/>
        <source>Оновити список</source>
        <translation>Refresh the list</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="319"/>
        <source>Вийти</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="373"/>
        <source>Дзвінок не відбувся: {0}. Оберіть результат (не відповідає, зайнято, хибний номер)</source>
        <translation>The call did not go through: {0}. Choose the outcome (no answer, busy, wrong number)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="380"/>
        <source>Телефон не підключено</source>
        <translation>The phone is not connected</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="417"/>
        <source>Перевірка виконання — {0}</source>
        <translation>Completion check — {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="423"/>
        <source>Рішення старшого зміни</source>
        <translation>Shift lead&apos;s decisions</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="451"/>
        <source>Список не оновлено: {0}</source>
        <translation>List not refreshed: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="460"/>
        <source>вільне</source>
        <translation>free</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="460"/>
        <source>ваше</source>
        <translation>yours</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="461"/>
        <source>зайняте: {0}</source>
        <translation>taken: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="463"/>
        <source>обіцяний дзвінок: {0}</source>
        <translation>promised call: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="476"/>
        <source>Сторінка {0} з {1} · усього {2}</source>
        <translation>Page {0} of {1} · {2} in all</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="487"/>
        <source>Години дзвінків: {0}</source>
        <translation>Calling hours: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="491"/>
        <source>Поза годинами дзвінків {0}: громадянам не телефонуємо. Наступні — {1}</source>
        <translation>Outside calling hours {0}: citizens are not called. Next — {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="499"/>
        <source>Можна дзвонити: {0} · зайняті: {1} · чекають повтору: {2} · обіцяні дзвінки: {3}</source>
        <translation>Ready to call: {0} · taken: {1} · waiting for a retry: {2} · promised calls: {3}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="558"/>
        <source>Спершу завершіть дзвінок і запишіть його результат</source>
        <translation>Finish the call and record its outcome first</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="562"/>
        <source>Запишіть результат дзвінка за цим зверненням, перш ніж брати інше</source>
        <translation>Record the call&apos;s outcome for this appeal before taking another</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="596"/>
        <source>Звернення вже не за вами: {0}</source>
        <translation>The appeal is no longer yours: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="622"/>
        <source>Оберіть звернення у списку (Enter) або візьміть наступне (Ctrl+N).</source>
        <translation>Choose an appeal in the list (Enter) or take the next one (Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="627"/>
        <source>(ім&apos;я не вказано)</source>
        <translation>(no name given)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="629"/>
        <source>не визначено</source>
        <translation>not set</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="633"/>
        <source>Заявник: {0}</source>
        <translation>Applicant: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="634"/>
        <source>Телефон для зворотного дзвінка: {0}</source>
        <translation>Callback number: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="636"/>
        <source>Адреса: {0}</source>
        <translation>Address: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="637"/>
        <source>Виконавець: {0}</source>
        <translation>Executor: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="638"/>
        <source>Звіт виконавця ({0}): {1}</source>
        <translation>Executor&apos;s report ({0}): {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="639"/>
        <source>без коментаря</source>
        <translation>no comment</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="640"/>
        <source>Перевірити до: {0} · спроб: {1} · повернень на доопрацювання: {2}</source>
        <translation>Check by: {0} · attempts: {1} · returned for rework: {2}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="645"/>
        <source>{0} · {1} → {2} · {3}{4}</source>
        <translation>{0} · {1} → {2} · {3}{4}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="654"/>
        <source>{0} · дзвінок: {1}{2} · {3}{4}</source>
        <translation>{0} · call: {1}{2} · {3}{4}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="669"/>
        <source>Зарезервовано за вами до {0}</source>
        <translation>Reserved for you until {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="688"/>
        <source>Напишіть коментар: що сказав заявник</source>
        <translation>Write a comment: what the applicant said</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="692"/>
        <source>Оберіть оцінку роботи від 1 до 5</source>
        <translation>Choose a work rating from 1 to 5</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="695"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="770"/>
        <source>Спершу завершіть дзвінок</source>
        <translation>Finish the call first</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="737"/>
        <source>Звернення закрито: заявник підтвердив виконання</source>
        <translation>Appeal closed: the applicant confirmed it was done</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="740"/>
        <source>Повернень забагато: рішення прийме старший зміни</source>
        <translation>Too many returns: the shift lead will decide</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="741"/>
        <source>Звернення повернуто виконавцю на доопрацювання</source>
        <translation>Appeal returned to the executor for rework</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="743"/>
        <source>Спроб вичерпано: звернення передано старшому зміни</source>
        <translation>No attempts left: the appeal went to the shift lead</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="744"/>
        <source>Спробу записано; повторний дзвінок — після {0}</source>
        <translation>Attempt recorded; the next call after {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="757"/>
        <source>Напишіть коментар: про що домовились</source>
        <translation>Write a comment: what was agreed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="765"/>
        <source>Домовились передзвонити {0}</source>
        <translation>Agreed to call back {0}</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="95"/>
        <source>Контакт-центр 1551 — робоче місце оператора</source>
        <translation>Contact centre 1551 — operator workspace</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="120"/>
        <source>Не виконано вхід до системи</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="129"/>
        <source>Стан оператора</source>
        <translation>Operator state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="143"/>
        <source>Звернення</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="144"/>
        <location filename="../../operator_app/ui/main_window.py" line="220"/>
        <source>Консультація</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="180"/>
        <source>&amp;Програма</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="227"/>
        <source>Вийти</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="181"/>
        <source>&amp;Дзвінок</source>
        <translation>&amp;Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="182"/>
        <source>&amp;Стан</source>
        <translation>&amp;State</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="183"/>
        <source>&amp;Робота</source>
        <translation>&amp;Work</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="184"/>
        <source>&amp;Налаштування</source>
        <translation>S&amp;ettings</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="208"/>
        <source>Відповісти</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="210"/>
        <source>Утримання / зняти з утримання</source>
        <translation>Hold / resume</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="212"/>
        <source>Завершити дзвінок</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="214"/>
        <source>Готовий</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="216"/>
        <source>Не готовий (перерва)</source>
        <translation>Not ready (break)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="218"/>
        <source>Нове звернення</source>
        <translation>New appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="219"/>
        <source>Пошук у базі знань</source>
        <translation>Knowledge base search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="221"/>
        <source>Параметри…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="279"/>
        <source>Контакт-центр 1551 — {0}</source>
        <translation>Contact centre 1551 — {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="285"/>
        <source>Відновлено незавершене звернення</source>
        <translation>An unfinished appeal was restored</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="309"/>
        <source>«Не готовий» буде застосовано після завершення дзвінка</source>
        <translation>“Not ready” will apply once the call is over</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="311"/>
        <location filename="../../operator_app/ui/main_window.py" line="341"/>
        <source>«Не готовий» буде застосовано після обробки дзвінка</source>
        <translation>“Not ready” will apply once the wrap-up is over</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="361"/>
        <source>Стан не передано на сервер: {0}</source>
        <translation>State not sent to the server: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="369"/>
        <source>Помилка реєстрації SIP: {0}</source>
        <translation>SIP registration failed: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="386"/>
        <source>Абонент передзвонив: відновлено звернення з перерваного дзвінка</source>
        <translation>The caller rang back: the appeal from the dropped call is restored</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="455"/>
        <source>Пропущений дзвінок: абонент поклав слухавку до відповіді</source>
        <translation>Missed call: the caller hung up before an answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="479"/>
        <source>АТС: {0:.0f} мс</source>
        <translation>PBX: {0:.0f} ms</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="481"/>
        <source>RTT медіа: {0:.0f} мс, втрати {1:.1f}%, джитер {2:.0f} мс</source>
        <translation>Media RTT: {0:.0f} ms, loss {1:.1f}%, jitter {2:.0f} ms</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="484"/>
        <source>MOS {0:.2f}</source>
        <translation>MOS {0:.2f}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="529"/>
        <source>Консультаційний дзвінок на {0}; після розмови натисніть «З консультацією» ще раз</source>
        <translation>Consultation call to {0}; after talking press “Consult first” again</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="604"/>
        <source>Не надіслано на сервер: {0}. Дані збережено на цьому комп&apos;ютері і будуть надіслані, щойно сервер стане доступним.</source>
        <translation>Not sent to the server: {0}. The data is saved on this computer and will be sent as soon as the server is back.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="606"/>
        <source>звернення</source>
        <translation>an appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="606"/>
        <source>консультацію</source>
        <translation>a consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="607"/>
        <source>дані дзвінка</source>
        <translation>call data</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="609"/>
        <source>Сервер відхилив {0}: {1}</source>
        <translation>The server rejected {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="638"/>
        <source>Налаштування збережено. Адреса сервера, обліковий запис SIP і мова застосовуються після перезапуску.</source>
        <translation>Settings saved. The server URL, SIP account and language apply after a restart.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="650"/>
        <source>Дзвінок триває</source>
        <translation>Call in progress</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="651"/>
        <source>Дзвінок ще триває. Завершити роботу?</source>
        <translation>A call is still in progress. Quit anyway?</translation>
    </message>
</context>
</TS>
