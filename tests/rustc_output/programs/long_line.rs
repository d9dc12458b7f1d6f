use std::rc::Rc;

async fn tick() {}

#[tokio::main]
async fn main() {
    let configuration_value_with_a_rather_long_name = Rc::new(String::from("a fairly long configuration string that makes the line wide"));
    let h = tokio::spawn(async move { let local_copy_of_the_configuration = configuration_value_with_a_rather_long_name.clone(); tick().await; println!("{local_copy_of_the_configuration}"); });
    h.await.unwrap();
}
