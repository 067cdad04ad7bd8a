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
        <location filename="../../operator_app/ui/state_bar.py" line="87"/>
        <location filename="../../operator_app/ui/state_bar.py" line="140"/>
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
        <location filename="../../operator_app/ui/state_bar.py" line="91"/>
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
        <location filename="../../operator_app/ui/state_bar.py" line="77"/>
        <source>Перерва</source>
        <translation>Break</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="78"/>
        <source>Навчання</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="79"/>
        <source>Технічна проблема</source>
        <translation>Technical problem</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="80"/>
        <source>Нарада</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="81"/>
        <source>Зворотні дзвінки</source>
        <translation>Callbacks</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="92"/>
        <source>Не готовий: {0}</source>
        <translation>Not ready: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="94"/>
        <source>Розмова</source>
        <translation>On call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="96"/>
        <source>Обробка після дзвінка</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="97"/>
        <source>Не в мережі</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="150"/>
        <source>залишилось {0} с</source>
        <translation>{0} s left</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/state_bar.py" line="118"/>
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
        <location filename="../../operator_app/ui/screen_pop.py" line="63"/>
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
        <location filename="../../operator_app/ui/screen_pop.py" line="63"/>
        <source>Проблема, адреса</source>
        <translation>Problem, address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="63"/>
        <source>Стан, термін</source>
        <translation>Status, deadline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="112"/>
        <source>{0} ⚠</source>
        <translation>{0} ⚠</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="126"/>
        <source>Прострочено: термін {0}</source>
        <translation>Overdue: deadline {0}</translation>
    </message>
</context>
<context>
    <name>BoardCharts</name>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="456"/>
        <source>Дзвінки за 15 хвилин</source>
        <translation>Calls per 15 minutes</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="460"/>
        <source>Звернення за сферами (сьогодні)</source>
        <translation>Appeals by sphere (today)</translation>
    </message>
</context>
<context>
    <name>BoardWindow</name>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="676"/>
        <source>Контакт-центр 1551 — панель старшого зміни</source>
        <translation>Contact centre 1551 — shift lead board</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="684"/>
        <source>Готовий</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="684"/>
        <source>Дзвонить</source>
        <translation>Ringing</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="685"/>
        <source>Розмова</source>
        <translation>On call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="685"/>
        <source>Обробка</source>
        <translation>Wrap-up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="686"/>
        <source>Не готовий</source>
        <translation>Not ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="686"/>
        <source>Не в мережі</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="689"/>
        <source>Перерва</source>
        <translation>Break</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="689"/>
        <source>Навчання</source>
        <translation>Training</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="690"/>
        <source>Технічна проблема</source>
        <translation>Technical problem</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="690"/>
        <source>Нарада</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="691"/>
        <source>Зворотні дзвінки</source>
        <translation>Callbacks</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="694"/>
        <source>«Не готовий» після дзвінка</source>
        <translation>“Not ready” after the call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="695"/>
        <source>Вихід після дзвінка</source>
        <translation>Sign-out after the call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="703"/>
        <source>З&apos;єднання з сервером…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="710"/>
        <location filename="../../operator_app/ui/board_window.py" line="713"/>
        <source>Сплески звернень</source>
        <translation>Appeal surges</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="716"/>
        <source>Опублікувати відключення для сплеску</source>
        <translation>Publish an outage for the surge</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="720"/>
        <source>Надіслані повідомлення</source>
        <translation>Sent messages</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="724"/>
        <source>Надіслані повідомлення (прочитано)</source>
        <translation>Sent messages (read)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="727"/>
        <source>«Не готовий»…</source>
        <translation>“Not ready”…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="728"/>
        <source>Перевести оператора у «Не готовий»</source>
        <translation>Set the operator to “Not ready”</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="730"/>
        <source>Вивести з системи…</source>
        <translation>Sign out…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="732"/>
        <source>Скасувати вимогу</source>
        <translation>Cancel request</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="733"/>
        <source>Скасувати очікувану вимогу оператору</source>
        <translation>Cancel the request pending for the operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="735"/>
        <source>Повідомлення…</source>
        <translation>Message…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="737"/>
        <location filename="../../operator_app/ui/board_window.py" line="796"/>
        <source>Опублікувати відключення…</source>
        <translation>Publish an outage…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="741"/>
        <source>Прослухати</source>
        <translation>Listen</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="741"/>
        <source>Прослухати розмову</source>
        <translation>Listen to the call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="742"/>
        <source>Підказати</source>
        <translation>Whisper</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="743"/>
        <source>Підказати оператору: чує лише оператор</source>
        <translation>Whisper to the operator: only the operator hears</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="744"/>
        <source>Втрутитися</source>
        <translation>Barge in</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="745"/>
        <source>Втрутитися в розмову: чують обоє</source>
        <translation>Barge into the call: both sides hear</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="751"/>
        <location filename="../../operator_app/ui/board_window.py" line="806"/>
        <source>Завершити прослуховування</source>
        <translation>Stop listening</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="786"/>
        <source>&amp;Панель</source>
        <translation>&amp;Board</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="789"/>
        <source>Перевести у «Не готовий»…</source>
        <translation>Set to “Not ready”…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="791"/>
        <source>Вивести оператора з системи…</source>
        <translation>Sign the operator out…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="793"/>
        <source>Скасувати вимогу оператору</source>
        <translation>Cancel the request to the operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="795"/>
        <source>Надіслати повідомлення…</source>
        <translation>Send a message…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="798"/>
        <source>Відключення для вибраного сплеску…</source>
        <translation>Outage for the selected surge…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="800"/>
        <source>Прослухати розмову оператора</source>
        <translation>Listen to the operator&apos;s call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="802"/>
        <source>Підказати оператору</source>
        <translation>Whisper to the operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="804"/>
        <source>Втрутитися в розмову</source>
        <translation>Barge into the call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="808"/>
        <source>Групувати за станом</source>
        <translation>Group by state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="809"/>
        <source>До таблиці операторів</source>
        <translation>Go to the operators table</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="811"/>
        <source>До сплесків звернень</source>
        <translation>Go to the appeal surges</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="813"/>
        <source>Перепідключитися</source>
        <translation>Reconnect</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="820"/>
        <source>Вийти</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="847"/>
        <source>Контакт-центр 1551 — панель старшого зміни — {0}</source>
        <translation>Contact centre 1551 — shift lead board — {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="886"/>
        <source>прослуховування</source>
        <translation>listening</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="886"/>
        <source>підказка</source>
        <translation>whisper</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="887"/>
        <source>втручання</source>
        <translation>barge-in</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="898"/>
        <source>Телефон не підключено: прослуховування йде через ваш телефон</source>
        <translation>The phone is not connected: listening goes through your phone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="939"/>
        <source>Оператор не прийняв прослуховування ({0} {1})</source>
        <translation>The operator did not accept listening ({0} {1})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="954"/>
        <source>З&apos;єднання: {0}, {1}…</source>
        <translation>Connecting: {0}, {1}…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="954"/>
        <source>Ви в розмові: {0}, {1}</source>
        <translation>You are in the call: {0}, {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="965"/>
        <source>Зв&apos;язок із сервером втрачено ({0}), перепідключення… Показано дані на момент втрати зв&apos;язку.</source>
        <translation>Connection to the server lost ({0}), reconnecting… The data shown is as of when the connection was lost.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1011"/>
        <source>Сплески звернень ({0})</source>
        <translation>Appeal surges ({0})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1018"/>
        <source>⚠ {0} звернень за {1} хв: {2} — {3}</source>
        <translation>⚠ {0} appeals in {1} min: {2} — {3}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1026"/>
        <source>усім</source>
        <translation>everyone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1028"/>
        <source>{0} → {1}: {2} (прочитали {3} з {4})</source>
        <translation>{0} → {1}: {2} (read by {3} of {4})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1068"/>
        <source>Вимогу «Не готовий» надіслано: {0}</source>
        <translation>“Not ready” request sent: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1071"/>
        <source>Перевести у «Не готовий»: {0}</source>
        <translation>Set to “Not ready”: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1078"/>
        <source>&amp;Причина</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1094"/>
        <source>Вимогу вийти з системи надіслано: {0}</source>
        <translation>Sign-out request sent: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1096"/>
        <source>Вивести з системи</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1097"/>
        <source>Вивести {0} з системи? Поточний дзвінок буде завершено як зазвичай.</source>
        <translation>Sign {0} out? The current call will be finished as usual.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1110"/>
        <source>Вимогу скасовано: {0}</source>
        <translation>Request cancelled: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1120"/>
        <source>Повідомлення надіслано</source>
        <translation>Message sent</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1123"/>
        <source>Повідомлення операторам</source>
        <translation>Message to operators</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1127"/>
        <source>Усім операторам</source>
        <translation>All operators</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1140"/>
        <source>Надіслати</source>
        <translation>Send</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1144"/>
        <source>{0} з {1} символів</source>
        <translation>{0} of {1} characters</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1147"/>
        <source>&amp;Кому</source>
        <translation>&amp;To</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1148"/>
        <source>&amp;Текст</source>
        <translation>Te&amp;xt</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="1195"/>
        <source>Відключення опубліковано: оператори бачать його в картці абонента</source>
        <translation>Outage published: operators see it in the caller card</translation>
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
        <location filename="../../operator_app/ui/shell.py" line="140"/>
        <source>Централізовані налаштування відхилено: {0}. Діють попередні.</source>
        <translation>Central settings refused: {0}. The previous ones stay in force.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="147"/>
        <source>Отримано нові налаштування від ІТ-служби; вони діятимуть після перезапуску програми.</source>
        <translation>New settings arrived from IT; they take effect when the program restarts.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="193"/>
        <source>Робоче місце оператора</source>
        <translation>Operator workspace</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="194"/>
        <source>Перевірка виконання (зворотні дзвінки)</source>
        <translation>Completion check (callbacks)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="195"/>
        <source>Панель старшого зміни</source>
        <translation>Shift lead board</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="196"/>
        <source>Рейтинги районів і виконавців</source>
        <translation>District and executor ratings</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="197"/>
        <source>&amp;Вікно</source>
        <translation>&amp;Window</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/shell.py" line="221"/>
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
    <name>LeadMessageBanner</name>
    <message>
        <location filename="../../operator_app/ui/lead_link.py" line="119"/>
        <source>Повідомлення від старшого зміни</source>
        <translation>Message from the shift lead</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/lead_link.py" line="126"/>
        <source>Прочитано</source>
        <translation>Mark read</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/lead_link.py" line="127"/>
        <source>Позначити повідомлення прочитаним</source>
        <translation>Mark the message as read</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/lead_link.py" line="151"/>
        <source>Старший зміни {0} ({1}): {2}</source>
        <translation>Shift lead {0} ({1}): {2}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/lead_link.py" line="155"/>
        <source>  (ще {0})</source>
        <translation>  ({0} more)</translation>
    </message>
</context>
<context>
    <name>LineFigures</name>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="391"/>
        <source>Лінія (з початку зміни)</source>
        <translation>Line (since the shift started)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="395"/>
        <source>Очікують з&apos;єднання</source>
        <translation>Calls waiting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="396"/>
        <source>Найдовше очікування</source>
        <translation>Longest wait</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="397"/>
        <source>Прийнято</source>
        <translation>Answered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="397"/>
        <source>Втрачено</source>
        <translation>Abandoned</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="398"/>
        <source>Сер. час до відповіді</source>
        <translation>Avg. time to answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="399"/>
        <source>Рівень обслуговування</source>
        <translation>Service level</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="421"/>
        <source>{0:.0f} с</source>
        <translation>{0:.0f} s</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="432"/>
        <source>{0:.1f} % (ціль {1:.0f} %)</source>
        <translation>{0:.1f}% (target {1:.0f}%)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="436"/>
        <source>Частка дзвінків, прийнятих не пізніше ніж за {0} с, серед прийнятих і втрачених</source>
        <translation>Share of calls answered within {0} s, out of all answered and abandoned</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="439"/>
        <source>Зміна з {0}</source>
        <translation>Shift since {0}</translation>
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
    <name>OperatorsTable</name>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="247"/>
        <source>Оператори</source>
        <translation>Operators</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="249"/>
        <source>Оператор</source>
        <translation>Operator</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="249"/>
        <source>Стан</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="249"/>
        <source>Причина</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="249"/>
        <source>У стані</source>
        <translation>Time in state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="250"/>
        <source>Дзвінок</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="250"/>
        <source>Утримання</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="250"/>
        <source>Абонент</source>
        <translation>Caller</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="251"/>
        <source>Прийнято</source>
        <translation>Answered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="251"/>
        <source>Сер. час обсл.</source>
        <translation>Avg. handling time</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="251"/>
        <source>Утримання всього</source>
        <translation>Total hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="252"/>
        <source>Звернення</source>
        <translation>Appeals</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="252"/>
        <source>Консультації</source>
        <translation>Consultations</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="252"/>
        <source>Очікує</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="358"/>
        <source>Понад ліміт {0}</source>
        <translation>Over the {0} limit</translation>
    </message>
</context>
<context>
    <name>OutageDialog</name>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="514"/>
        <source>Опублікувати відключення</source>
        <translation>Publish an outage</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="518"/>
        <source>Аварійне відключення</source>
        <translation>Emergency outage</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="519"/>
        <source>Планові роботи</source>
        <translation>Planned works</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="524"/>
        <source>Будинок</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="525"/>
        <source>Вулиця</source>
        <translation>Street</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="526"/>
        <source>Район</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="529"/>
        <source>Адреса (Enter — пошук), вулиця або район</source>
        <translation>Address (Enter to search), street or district</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="533"/>
        <source>Знайдені будинки</source>
        <translation>Buildings found</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="544"/>
        <source>&amp;Вид</source>
        <translation>&amp;Type</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="545"/>
        <source>&amp;Послуга</source>
        <translation>&amp;Service</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="546"/>
        <source>&amp;Де</source>
        <translation>&amp;Where</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="547"/>
        <source>&amp;Місце</source>
        <translation>&amp;Place</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="548"/>
        <source>&amp;Будинок</source>
        <translation>&amp;Building</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="549"/>
        <source>Д&amp;о</source>
        <translation>&amp;Until</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="550"/>
        <source>&amp;Опис</source>
        <translation>&amp;Description</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="555"/>
        <source>Опублікувати</source>
        <translation>Publish</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="588"/>
        <source>Масові звернення: {0}</source>
        <translation>Mass appeals: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="606"/>
        <source>Будинок не знайдено</source>
        <translation>Building not found</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="635"/>
        <source>Знайдіть будинок: введіть адресу і натисніть Enter</source>
        <translation>Find the building: type the address and press Enter</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="639"/>
        <source>Вкажіть вулицю або район</source>
        <translation>Enter a street or district</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/board_window.py" line="642"/>
        <source>Час завершення має бути в майбутньому</source>
        <translation>The end time must be in the future</translation>
    </message>
</context>
<context>
    <name>RatingsWindow</name>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="77"/>
        <source>Контакт-центр 1551 — рейтинги районів і виконавців</source>
        <translation>Contact centre 1551 — district and executor ratings</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="84"/>
        <source>Місце</source>
        <translation>Rank</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="84"/>
        <source>Назва</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="85"/>
        <source>Надійшло</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="85"/>
        <source>Вчасно</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="86"/>
        <source>Не вчасно</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="86"/>
        <source>Прострочені</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="87"/>
        <source>Виконано</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="87"/>
        <source>Не виконано</source>
        <translation>Not completed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="88"/>
        <source>На перевірці</source>
        <translation>Awaiting verification</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="89"/>
        <source>% вчасно</source>
        <translation>% on time</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="89"/>
        <source>% виконання</source>
        <translation>% completed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="90"/>
        <source>% достовірності</source>
        <translation>% confirmed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="91"/>
        <source>Днів на виконання</source>
        <translation>Days to complete</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="92"/>
        <source>Індекс швидкості</source>
        <translation>Speed index</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="93"/>
        <source>Індекс фактичного виконання</source>
        <translation>Actual completion index</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="94"/>
        <source>Рівень, %</source>
        <translation>Level, %</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="94"/>
        <source>Код</source>
        <translation>Code</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="95"/>
        <source>Звернень</source>
        <translation>Appeals</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="95"/>
        <source>Попередній період</source>
        <translation>Previous period</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="96"/>
        <source>Зміна</source>
        <translation>Change</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="96"/>
        <source>Зміна, %</source>
        <translation>Change, %</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="97"/>
        <source>Район</source>
        <translation>District</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="97"/>
        <source>Строк спливав</source>
        <translation>Fell due</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="98"/>
        <source>Порушено</source>
        <translation>Missed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="98"/>
        <source>Досі не виконано</source>
        <translation>Still not completed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="99"/>
        <source>% порушених</source>
        <translation>% missed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="103"/>
        <source>Райони</source>
        <translation>Districts</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="103"/>
        <source>Виконавці</source>
        <translation>Executors</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="104"/>
        <source>Проблеми</source>
        <translation>Problems</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="105"/>
        <source>Порушення строків</source>
        <translation>Missed deadlines</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="113"/>
        <source>День</source>
        <translation>Day</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="113"/>
        <source>Тиждень</source>
        <translation>Week</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="114"/>
        <source>Місяць</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="114"/>
        <source>Рік</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="115"/>
        <source>Довільні дати</source>
        <translation>Custom dates</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="124"/>
        <source>Усі райони</source>
        <translation>All districts</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="125"/>
        <source>&amp;Показати</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="127"/>
        <source>Зберегти CSV…</source>
        <translation>Save CSV…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="129"/>
        <source>Зберегти XLSX…</source>
        <translation>Save XLSX…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="131"/>
        <source>Період:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="132"/>
        <source>на дату</source>
        <translation>as of</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="133"/>
        <source>з</source>
        <translation>from</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="133"/>
        <source>по</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="134"/>
        <source>Район виконавців:</source>
        <translation>Executors&apos; district:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="182"/>
        <source>Контакт-центр 1551 — рейтинги — {0}</source>
        <translation>Contact centre 1551 — ratings — {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="242"/>
        <source>Період: {0} — {1} ({2} дн.)</source>
        <translation>Period: {0} — {1} ({2} days)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="271"/>
        <source>Не вдалося отримати рейтинги</source>
        <translation>Could not get the ratings</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="279"/>
        <source>Таблиця CSV (*.csv)</source>
        <translation>CSV table (*.csv)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="280"/>
        <source>Книга Excel (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="281"/>
        <source>Зберегти звіт</source>
        <translation>Save report</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/ratings_window.py" line="299"/>
        <source>Звіт збережено: {0}</source>
        <translation>Report saved: {0}</translation>
    </message>
</context>
<context>
    <name>ScreenPopPanel</name>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="143"/>
        <source>Картка абонента</source>
        <translation>Caller card</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="161"/>
        <source>Відключення та планові роботи</source>
        <translation>Outages and planned works</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="164"/>
        <location filename="../../operator_app/ui/screen_pop.py" line="195"/>
        <source>Звернення абонента</source>
        <translation>Caller&apos;s appeals</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="169"/>
        <location filename="../../operator_app/ui/screen_pop.py" line="196"/>
        <source>Відкриті звернення за адресою</source>
        <translation>Open appeals at the address</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="174"/>
        <source>Ймовірна відповідь (база знань)</source>
        <translation>Likely answer (knowledge base)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="178"/>
        <source>Відкрити статтю</source>
        <translation>Open article</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="179"/>
        <source>Відкрити запропоновану статтю</source>
        <translation>Open the suggested article</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="201"/>
        <source>Немає дзвінка</source>
        <translation>No call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="202"/>
        <source>Картка абонента з&apos;явиться, щойно надійде дзвінок.</source>
        <translation>The caller card appears as soon as a call comes in.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="213"/>
        <source>Завантаження історії…</source>
        <translation>Loading history…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="222"/>
        <source>Історія недоступна: немає зв&apos;язку з сервером. Звернення можна зареєструвати — воно буде надіслане пізніше.</source>
        <translation>History unavailable: no connection to the server. You can still register an appeal; it will be sent later.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="235"/>
        <source>Адреси: {0}</source>
        <translation>Addresses: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="237"/>
        <source>Новий абонент: звернень з цього номера ще не було.</source>
        <translation>New caller: no appeals from this number yet.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="243"/>
        <source>Звернення абонента ({0})</source>
        <translation>Caller&apos;s appeals ({0})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="245"/>
        <source>, прострочено: {0}</source>
        <translation>, overdue: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="250"/>
        <source>Відкриті звернення за адресою ({0})</source>
        <translation>Open appeals at the address ({0})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="277"/>
        <source>Номер приховано</source>
        <translation>Number withheld</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="286"/>
        <source>⚠ За адресою абонента відомі відключення — надайте консультацію, нове звернення не потрібне:</source>
        <translation>⚠ Known outages at the caller&apos;s address: give a consultation, no new appeal is needed:</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="291"/>
        <source>• {0}: {1}, {2} — до {3}. {4}</source>
        <translation>• {0}: {1}, {2} — until {3}. {4}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/screen_pop.py" line="304"/>
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
        <location filename="../../operator_app/ui/softphone.py" line="57"/>
        <source>Софтфон</source>
        <translation>Softphone</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="70"/>
        <source>Дзвінок</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="81"/>
        <source>Відповісти</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="84"/>
        <source>Утримання</source>
        <translation>Hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="87"/>
        <source>Мікрофон вимк.</source>
        <translation>Mute</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="90"/>
        <source>Завершити</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="101"/>
        <source>Кому переадресувати</source>
        <translation>Transfer to</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="102"/>
        <source>Номер для переадресації</source>
        <translation>Transfer target number</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="103"/>
        <source>Переадресувати</source>
        <translation>Transfer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="106"/>
        <source>З консультацією</source>
        <translation>Consult first</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="116"/>
        <source>Набір номера / DTMF</source>
        <translation>Dial pad / DTMF</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="120"/>
        <location filename="../../operator_app/ui/softphone.py" line="121"/>
        <source>Номер для вихідного дзвінка</source>
        <translation>Number for an outgoing call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="122"/>
        <source>Подзвонити</source>
        <translation>Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="131"/>
        <source>Клавіша {0}</source>
        <translation>Key {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="158"/>
        <source>SIP: не підключено</source>
        <translation>SIP: not connected</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="163"/>
        <source>SIP: реєстрація…</source>
        <translation>SIP: registering…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="160"/>
        <source>SIP: помилка {0} {1}</source>
        <translation>SIP: error {0} {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="165"/>
        <source>SIP: не зареєстровано</source>
        <translation>SIP: not registered</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="167"/>
        <source>SIP: зареєстровано, у черзі 1551</source>
        <translation>SIP: registered, in the 1551 queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="169"/>
        <source>SIP: черга 1551 недоступна ({0} {1})</source>
        <translation>SIP: 1551 queue unavailable ({0} {1})</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="173"/>
        <source>SIP: зареєстровано, поза чергою</source>
        <translation>SIP: registered, out of the queue</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="185"/>
        <source>Старший зміни слухає</source>
        <translation>The shift lead is listening</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="186"/>
        <source>Старший зміни підказує</source>
        <translation>The shift lead is whispering</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="187"/>
        <source>Старший зміни в розмові</source>
        <translation>The shift lead is in the call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="219"/>
        <source>Немає активного дзвінка</source>
        <translation>No active call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="223"/>
        <source>Номер приховано</source>
        <translation>Number withheld</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="224"/>
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="232"/>
        <source>вхідний дзвінок</source>
        <translation>incoming call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="233"/>
        <source>виклик</source>
        <translation>calling</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="234"/>
        <source>гудки</source>
        <translation>ringing</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="235"/>
        <source>з&apos;єднання</source>
        <translation>connecting</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="236"/>
        <source>розмова</source>
        <translation>connected</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="237"/>
        <source>на утриманні</source>
        <translation>on hold</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="244"/>
        <source>Тривалість: --:--</source>
        <translation>Duration: --:--</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="249"/>
        <source>Тривалість: {0}</source>
        <translation>Duration: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/softphone.py" line="252"/>
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
        <location filename="../../operator_app/ui/worklist_window.py" line="505"/>
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
        <location filename="../../operator_app/ui/worklist_window.py" line="507"/>
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
        <location filename="../../operator_app/ui/worklist_window.py" line="478"/>
        <source>Сторінка {0} з понад {1} · усього понад {2}</source>
        <translation>Page {0} of more than {1} · more than {2} in all</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="479"/>
        <source>Сторінка {0} з {1} · усього {2}</source>
        <translation>Page {0} of {1} · {2} in all</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="490"/>
        <source>Години дзвінків: {0}</source>
        <translation>Calling hours: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="494"/>
        <source>Поза годинами дзвінків {0}: громадянам не телефонуємо. Наступні — {1}</source>
        <translation>Outside calling hours {0}: citizens are not called. Next — {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="502"/>
        <source>Можна дзвонити: {0} · зайняті: {1} · чекають повтору: {2} · обіцяні дзвінки: {3}</source>
        <translation>Ready to call: {0} · taken: {1} · waiting for a retry: {2} · promised calls: {3}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="553"/>
        <source>Спершу завершіть дзвінок і запишіть його результат</source>
        <translation>Finish the call and record its outcome first</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="557"/>
        <source>Запишіть результат дзвінка за цим зверненням, перш ніж брати інше</source>
        <translation>Record the call&apos;s outcome for this appeal before taking another</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="591"/>
        <source>Звернення вже не за вами: {0}</source>
        <translation>The appeal is no longer yours: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="617"/>
        <source>Оберіть звернення у списку (Enter) або візьміть наступне (Ctrl+N).</source>
        <translation>Choose an appeal in the list (Enter) or take the next one (Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="622"/>
        <source>(ім&apos;я не вказано)</source>
        <translation>(no name given)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="624"/>
        <source>не визначено</source>
        <translation>not set</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="628"/>
        <source>Заявник: {0}</source>
        <translation>Applicant: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="629"/>
        <source>Телефон для зворотного дзвінка: {0}</source>
        <translation>Callback number: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="631"/>
        <source>Адреса: {0}</source>
        <translation>Address: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="632"/>
        <source>Виконавець: {0}</source>
        <translation>Executor: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="633"/>
        <source>Звіт виконавця ({0}): {1}</source>
        <translation>Executor&apos;s report ({0}): {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="634"/>
        <source>без коментаря</source>
        <translation>no comment</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="635"/>
        <source>Перевірити до: {0} · спроб: {1} · повернень на доопрацювання: {2}</source>
        <translation>Check by: {0} · attempts: {1} · returned for rework: {2}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="640"/>
        <source>{0} · {1} → {2} · {3}{4}</source>
        <translation>{0} · {1} → {2} · {3}{4}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="649"/>
        <source>{0} · дзвінок: {1}{2} · {3}{4}</source>
        <translation>{0} · call: {1}{2} · {3}{4}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="664"/>
        <source>Зарезервовано за вами до {0}</source>
        <translation>Reserved for you until {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="681"/>
        <source>Напишіть коментар: що сказав заявник</source>
        <translation>Write a comment: what the applicant said</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="685"/>
        <source>Оберіть оцінку роботи від 1 до 5</source>
        <translation>Choose a work rating from 1 to 5</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="688"/>
        <location filename="../../operator_app/ui/worklist_window.py" line="763"/>
        <source>Спершу завершіть дзвінок</source>
        <translation>Finish the call first</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="730"/>
        <source>Звернення закрито: заявник підтвердив виконання</source>
        <translation>Appeal closed: the applicant confirmed it was done</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="733"/>
        <source>Повернень забагато: рішення прийме старший зміни</source>
        <translation>Too many returns: the shift lead will decide</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="734"/>
        <source>Звернення повернуто виконавцю на доопрацювання</source>
        <translation>Appeal returned to the executor for rework</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="736"/>
        <source>Спроб вичерпано: звернення передано старшому зміни</source>
        <translation>No attempts left: the appeal went to the shift lead</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="737"/>
        <source>Спробу записано; повторний дзвінок — після {0}</source>
        <translation>Attempt recorded; the next call after {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="750"/>
        <source>Напишіть коментар: про що домовились</source>
        <translation>Write a comment: what was agreed</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/worklist_window.py" line="758"/>
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
        <location filename="../../operator_app/ui/main_window.py" line="123"/>
        <source>Не виконано вхід до системи</source>
        <translation>Not signed in</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="132"/>
        <source>Стан оператора</source>
        <translation>Operator state</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="146"/>
        <source>Звернення</source>
        <translation>Appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="147"/>
        <location filename="../../operator_app/ui/main_window.py" line="223"/>
        <source>Консультація</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="183"/>
        <source>&amp;Програма</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="230"/>
        <source>Вийти</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="184"/>
        <source>&amp;Дзвінок</source>
        <translation>&amp;Call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="185"/>
        <source>&amp;Стан</source>
        <translation>&amp;State</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="186"/>
        <source>&amp;Робота</source>
        <translation>&amp;Work</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="187"/>
        <source>&amp;Налаштування</source>
        <translation>S&amp;ettings</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="211"/>
        <source>Відповісти</source>
        <translation>Answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="213"/>
        <source>Утримання / зняти з утримання</source>
        <translation>Hold / resume</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="215"/>
        <source>Завершити дзвінок</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="217"/>
        <source>Готовий</source>
        <translation>Ready</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="219"/>
        <source>Не готовий (перерва)</source>
        <translation>Not ready (break)</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="221"/>
        <source>Нове звернення</source>
        <translation>New appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="222"/>
        <source>Пошук у базі знань</source>
        <translation>Knowledge base search</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="224"/>
        <source>Параметри…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="288"/>
        <source>Контакт-центр 1551 — {0}</source>
        <translation>Contact centre 1551 — {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="294"/>
        <source>Відновлено незавершене звернення</source>
        <translation>An unfinished appeal was restored</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="325"/>
        <source>Нове відключення за адресою абонента — надайте консультацію</source>
        <translation>New outage at the caller&apos;s address: give a consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="344"/>
        <source>Старший зміни: «Не готовий» після дзвінка</source>
        <translation>Shift lead: “Not ready” after the call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="345"/>
        <source>Старший зміни: вихід із системи після дзвінка</source>
        <translation>Shift lead: sign-out after the call</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="360"/>
        <source>Старший зміни завершив ваш сеанс</source>
        <translation>The shift lead ended your session</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="391"/>
        <source>«Не готовий» буде застосовано після завершення дзвінка</source>
        <translation>“Not ready” will apply once the call is over</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="393"/>
        <location filename="../../operator_app/ui/main_window.py" line="423"/>
        <source>«Не готовий» буде застосовано після обробки дзвінка</source>
        <translation>“Not ready” will apply once the wrap-up is over</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="443"/>
        <source>Стан не передано на сервер: {0}</source>
        <translation>State not sent to the server: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="451"/>
        <source>Помилка реєстрації SIP: {0}</source>
        <translation>SIP registration failed: {0}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="468"/>
        <source>Абонент передзвонив: відновлено звернення з перерваного дзвінка</source>
        <translation>The caller rang back: the appeal from the dropped call is restored</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="537"/>
        <source>Пропущений дзвінок: абонент поклав слухавку до відповіді</source>
        <translation>Missed call: the caller hung up before an answer</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="561"/>
        <source>АТС: {0:.0f} мс</source>
        <translation>PBX: {0:.0f} ms</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="563"/>
        <source>RTT медіа: {0:.0f} мс, втрати {1:.1f}%, джитер {2:.0f} мс</source>
        <translation>Media RTT: {0:.0f} ms, loss {1:.1f}%, jitter {2:.0f} ms</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="566"/>
        <source>MOS {0:.2f}</source>
        <translation>MOS {0:.2f}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="611"/>
        <source>Консультаційний дзвінок на {0}; після розмови натисніть «З консультацією» ще раз</source>
        <translation>Consultation call to {0}; after talking press “Consult first” again</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="686"/>
        <source>Не надіслано на сервер: {0}. Дані збережено на цьому комп&apos;ютері і будуть надіслані, щойно сервер стане доступним.</source>
        <translation>Not sent to the server: {0}. The data is saved on this computer and will be sent as soon as the server is back.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="688"/>
        <source>звернення</source>
        <translation>an appeal</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="688"/>
        <source>консультацію</source>
        <translation>a consultation</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="689"/>
        <source>дані дзвінка</source>
        <translation>call data</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="691"/>
        <source>Сервер відхилив {0}: {1}</source>
        <translation>The server rejected {0}: {1}</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="720"/>
        <source>Налаштування збережено. Адреса сервера, обліковий запис SIP і мова застосовуються після перезапуску.</source>
        <translation>Settings saved. The server URL, SIP account and language apply after a restart.</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="732"/>
        <source>Дзвінок триває</source>
        <translation>Call in progress</translation>
    </message>
    <message>
        <location filename="../../operator_app/ui/main_window.py" line="733"/>
        <source>Дзвінок ще триває. Завершити роботу?</source>
        <translation>A call is still in progress. Quit anyway?</translation>
    </message>
</context>
</TS>
