use std::rc::Rc;

async fn tick() {}

#[tokio::main]
async fn main() {
	let données = Rc::new("日本語のテキスト");
	tokio::spawn(async move {
		tick().await;
		println!("{}", données);
	});
}
